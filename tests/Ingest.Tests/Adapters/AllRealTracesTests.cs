using Martin360.Ingest.Adapters;
using Martin360.Tests.Shared;

namespace Martin360.Ingest.Tests.Adapters;

/// <summary>A safety net over the whole of ../shared/traces: every trace file imports through format detection; the rest is refused with a reason.</summary>
public sealed class AllRealTracesTests
{
    // SWE-bench evaluation artifacts sit beside the trajectories but are not traces.
    private static readonly string[] s_notTraces = ["django__django-10999.report.json", "django__django-16255.report.json", "all_preds.jsonl"];

    public static TheoryData<string> TraceFilePaths() => new(RelativePaths());

    private static IEnumerable<string> RelativePaths()
    {
        foreach (var path in Directory.EnumerateFiles(TraceFiles.Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(TraceFiles.Root, path);
            if (relative.StartsWith("LICENSES", StringComparison.Ordinal) || relative.StartsWith("otel-spec", StringComparison.Ordinal) || relative == "SOURCES.tsv")
            {
                continue;
            }

            yield return relative;
        }
    }

    [Theory]
    [MemberData(nameof(TraceFilePaths))]
    public void Read_EveryRealFile_ImportsOrIsRefusedAsNotATrace(string relative)
    {
        var result = TraceFormats.CreateDefault().ReadEnriched(relative, TraceFiles.Read(relative));

        if (s_notTraces.Contains(Path.GetFileName(relative)))
        {
            Assert.Empty(result.Traces);
            Assert.StartsWith("Not a trace", Assert.Single(result.Issues).Message, StringComparison.Ordinal);
            return;
        }

        Assert.NotEmpty(result.Traces);
        Assert.DoesNotContain(result.Issues, i => i.Level == ImportIssueLevel.Error);
        Assert.Contains(result.Traces, t => t.Steps.Count > 0 || !t.Run.Tokens.IsZero);
        Assert.All(result.Traces, t => Assert.Equal(t.Steps.Count, t.Steps.Select(s => s.Id).Distinct().Count()));
    }

    [Fact]
    public void TraceFilePaths_CoverEveryAgentFolder()
    {
        var folders = RelativePaths().Select(path => path.Split(Path.DirectorySeparatorChar)[0]).Distinct().Order().ToArray();

        Assert.Equal(["aider", "claude-code", "codex", "gemini", "martinloop", "mini-swe-agent", "openhands", "swe-agent"], folders);
    }
}
