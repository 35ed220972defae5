using Martin360.Ingest.Adapters;
using Martin360.Ingest.Adapters.MiniSweAgent;
using Martin360.Ingest.Adapters.OpenHands;
using Martin360.Ingest.Adapters.Shared;
using Martin360.Ingest.Adapters.SweAgent;
using Martin360.Tests.Shared;

namespace Martin360.Ingest.Tests.Adapters;

/// <summary>Detection is by content: the SWE-agent family's adapters take their own files and leave every other agent's alone.</summary>
public sealed class AgentFormatDetectionTests
{
    private static readonly ITraceAdapter[] s_adapters =
        [new SweAgentAdapter(), new MiniSweAgentAdapter(), new OpenHandsAdapter(), new SweBenchArtifactAdapter()];

    public static TheoryData<string> OtherAgentsFiles() => new(
        new[] { "claude-code", "codex", "aider", "gemini", "martinloop" }
            .Where(d => Directory.Exists(TraceFiles.PathOf(d)))
            .SelectMany(d => Directory.GetFiles(TraceFiles.PathOf(d)))
            .Select(p => Path.GetRelativePath(TraceFiles.Root, p))
            .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(OtherAgentsFiles))]
    public void CanRead_OtherAgentsTrace_IsFalse(string file)
    {
        var sample = TraceSample.Of(TraceFiles.Read(file));

        Assert.DoesNotContain(s_adapters, a => a.CanRead(sample));
    }

    [Theory]
    [InlineData("swe-agent", SweAgentAdapter.FormatName, ".traj")]
    [InlineData("mini-swe-agent", MiniSweAgentAdapter.FormatName, ".traj.json")]
    [InlineData("openhands", OpenHandsAdapter.FormatName, "")]
    public void Detect_EveryTraceInItsFolder_PicksTheAgentsAdapter(string folder, string format, string suffix)
    {
        var files = Directory.GetFiles(TraceFiles.PathOf(folder))
            .Where(p => p.EndsWith(suffix, StringComparison.Ordinal) && !p.EndsWith(".report.json", StringComparison.Ordinal) && !p.EndsWith("all_preds.jsonl", StringComparison.Ordinal))
            .ToArray();

        Assert.NotEmpty(files);
        Assert.All(files, p => Assert.Equal(format, TraceFormats.CreateDefault().Detect(File.ReadAllText(p))?.Format));
    }
}
