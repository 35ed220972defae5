using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters;

namespace Martin360.Ingest.Tests.Adapters;

public sealed class NativeTraceAdapterTests
{
    private const string ValidDocument = """
        {"format": "martin360/v1",
         "run": {"id": "run-1", "agent": {"name": "demo-agent", "version": "1.2"}, "status": "completed"},
         "steps": [
           {"id": "s2", "sequence": 2, "kind": "shell_command", "command": "pytest -q", "exitCode": 0},
           {"id": "s1", "sequence": 1, "kind": "file_edit", "files": [{"path": "src/app.py", "action": "edit"}]}
         ]}
        """;

    [Fact]
    public void Read_ValidDocument_MapsRunAndOrdersStepsBySequence()
    {
        var result = TraceFormats.CreateDefault().Read("t.json", ValidDocument);

        var trace = Assert.Single(result.Traces);
        Assert.Equal("run-1", trace.Run.Id);
        Assert.Equal("demo-agent", trace.Run.AgentName);
        Assert.Equal(RunStatus.Completed, trace.Run.Status);
        Assert.Equal(["s1", "s2"], trace.Steps.Select(s => s.Id));
        Assert.Equal(new FileTouch("src/app.py", FileAction.Edit), Assert.Single(trace.Steps[0].Files));
        Assert.Empty(result.Issues);
    }

    [Fact]
    public void Read_UnknownStepKind_NamesTheFieldAndImportsNothing()
    {
        var bad = ValidDocument.Replace("\"shell_command\"", "\"teleport\"", StringComparison.Ordinal);

        var result = TraceFormats.CreateDefault().Read("t.json", bad);

        Assert.Empty(result.Traces);
        var issue = Assert.Single(result.Issues);
        Assert.Equal("$.steps[0].kind", issue.Path);
        Assert.Contains("teleport", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedJson_ReportsTheLine()
    {
        var truncated = ValidDocument[..(ValidDocument.IndexOf("\"s1\"", StringComparison.Ordinal))];

        var result = TraceFormats.CreateDefault().Read("t.json", truncated);

        Assert.Empty(result.Traces);
        Assert.Equal(5, Assert.Single(result.Issues).Line);
    }

    [Fact]
    public void Read_BinaryContent_IsRejectedWithAClearError()
    {
        var result = TraceFormats.CreateDefault().Read("t.bin", "PK\u0003\u0004\0\0binary");

        Assert.Empty(result.Traces);
        Assert.Contains("binary", Assert.Single(result.Issues).Message, StringComparison.Ordinal);
    }
}
