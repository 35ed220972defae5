using System.Text.Json;
using Martin360.Analysis.Findings;
using Martin360.Dashboard.Cli;
using Martin360.Ingest;
using Martin360.Ingest.Adapters;

namespace Martin360.Dashboard.Tests.Cli;

public sealed class AnalyzeCommandTests : IDisposable
{
    private const string UnverifiedNative = """
        {"format": "martin360/v1",
         "run": {"id": "native-1", "agent": {"name": "my-agent"}, "status": "completed", "task": {"title": "Fix totals in billing/invoice.py"}},
         "steps": [
           {"id": "a", "sequence": 1, "kind": "file_read", "files": [{"path": "billing/invoice.py", "action": "read"}]},
           {"id": "b", "sequence": 2, "kind": "shell_command", "command": "pytest -q tests/test_invoice.py", "exitCode": 1,
            "output": "FAILED tests/test_invoice.py::test_rounding - AssertionError\n1 failed, 11 passed in 0.91s"},
           {"id": "c", "sequence": 3, "kind": "file_edit", "files": [{"path": "billing/invoice.py", "action": "edit"}],
            "model": "claude-sonnet-4-5", "tokens": {"input": 100000, "output": 0}},
           {"id": "d", "sequence": 4, "kind": "completion_claim", "output": "Done, fixed."}
         ]}
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("m360-analyze-").FullName;
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Run_NativeTraceWithClaimAfterAnEdit_WritesTheContractLine()
    {
        var file = Write("run.json", UnverifiedNative);

        var exit = Command().Run([file], json: true, failOn: new HashSet<FindingKind>());

        Assert.Equal(0, exit);
        var line = JsonDocument.Parse(_output.ToString().Trim()).RootElement;
        Assert.Equal(file, line.GetProperty("source").GetString());
        Assert.Equal("martin360/v1", line.GetProperty("format").GetString());
        Assert.Equal("native-1", line.GetProperty("runId").GetString());
        Assert.Equal("my-agent", line.GetProperty("agent").GetString());
        Assert.Equal(["claude-sonnet-4-5"], line.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(4, line.GetProperty("steps").GetInt32());
        Assert.Equal(100_000, line.GetProperty("tokens").GetProperty("input").GetInt64());

        // 100k input tokens of claude-sonnet-4-5 at $3 per million (below its 200k long-context tier), from the price table.
        Assert.Equal(0.3m, line.GetProperty("costUsd").GetDecimal());
        Assert.Equal("computed", line.GetProperty("costProvenance").GetString());
        var verification = line.GetProperty("verification");
        Assert.True(verification.GetProperty("claimedDone").GetBoolean());
        Assert.Equal(1, verification.GetProperty("verifierRuns").GetInt32());
        Assert.False(verification.GetProperty("lastVerifierPassed").GetBoolean());
        Assert.False(verification.GetProperty("verifiedAfterLastEdit").GetBoolean());
        Assert.Equal("failed_verification", line.GetProperty("outcome").GetString());
        var finding = line.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("kind").GetString() == "unverified_completion");
        Assert.Contains(4L, finding.GetProperty("steps").EnumerateArray().Select(s => s.GetInt64()));
        Assert.NotEmpty(line.GetProperty("recommendations").EnumerateArray());
    }

    [Fact]
    public void Run_FailOnAFindingThatIsPresent_ExitsWith3()
    {
        var file = Write("run.json", UnverifiedNative);

        var exit = Command().Run([file], json: true, failOn: new HashSet<FindingKind> { FindingKind.UnverifiedCompletion });

        Assert.Equal(AnalyzeCommand.ExitFindingsPresent, exit);
    }

    [Fact]
    public void Run_FailOnAFindingThatIsAbsent_ExitsWith0()
    {
        var file = Write("run.json", UnverifiedNative);

        var exit = Command().Run([file], json: true, failOn: new HashSet<FindingKind> { FindingKind.Security });

        Assert.Equal(0, exit);
    }

    [Fact]
    public void Run_DirectoryWithAnUnreadableFile_ReportsItAndStillAnalysesTheOthers()
    {
        Write("a-good.json", UnverifiedNative);
        Write("b-bad.json", UnverifiedNative[..200]);

        var exit = Command().Run([_directory], json: true, failOn: new HashSet<FindingKind>());

        Assert.Equal(AnalyzeCommand.ExitFileErrors, exit);
        var lines = _output.ToString().Trim().Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Equal("native-1", lines[0].GetProperty("runId").GetString());
        Assert.EndsWith("b-bad.json", lines[1].GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Contains("line", lines[1].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private AnalyzeCommand Command() => new(TraceFormats.CreateDefault(), TraceEnrichment.Default, _output, _error);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
