using Martin360.Ingest.Adapters;
using Martin360.Tests.Shared;

namespace Martin360.Ingest.Tests.Adapters;

/// <summary>A trace cut anywhere (an upload that stopped, a file still being written) gives issues, never an exception or a silent partial run.</summary>
public sealed class AgentTraceCorruptionTests
{
    [Theory]
    [InlineData("swe-agent/pydicom__pydicom-1458.traj")]
    [InlineData("swe-agent/6e44b9__sweagenttestrepo-1c2844.traj")]
    [InlineData("mini-swe-agent/django__django-16255.traj.json")]
    [InlineData("mini-swe-agent/github_issue.traj.json")]
    [InlineData("openhands/basic_gui_mode.json")]
    public void Read_WholeFileTraceCutAnywhere_ImportsNothingAndNamesALine(string file)
    {
        var content = TraceFiles.Read(file);
        var adapter = TraceFormats.CreateDefault().Detect(content)!;

        foreach (var cut in Enumerable.Range(1, 40).Select(i => content.Length * i / 41))
        {
            var result = adapter.Read(file, content[..cut]);

            Assert.Empty(result.Traces);
            var issue = Assert.Single(result.Issues);
            Assert.Equal(ImportIssueLevel.Error, issue.Level);
            Assert.InRange(issue.Line ?? 0, 1, content[..cut].Count(c => c == '\n') + 1);
        }
    }

    [Fact]
    public void Read_JsonlCutAnywhere_KeepsTheCompleteRecordsAndReportsTheCutOne()
    {
        var content = TraceFiles.Read("openhands/resolver_mock_output.jsonl");
        var firstLineEnd = content.IndexOf('\n', StringComparison.Ordinal);
        var adapter = TraceFormats.CreateDefault().Detect(content)!;

        // Cut inside the second record: the first imports, the second is reported on line 2.
        foreach (var cut in Enumerable.Range(1, 20).Select(i => firstLineEnd + 2 + ((content.Length - firstLineEnd - 3) * i / 21)))
        {
            var result = adapter.Read("output.jsonl", content[..cut]);

            Assert.Single(result.Traces);
            Assert.Equal(2, Assert.Single(result.Issues).Line);
            Assert.Equal(1, result.RejectedRecords);
        }
    }
}
