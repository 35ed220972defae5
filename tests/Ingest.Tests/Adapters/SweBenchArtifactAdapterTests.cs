using Martin360.Ingest.Adapters;
using Martin360.Ingest.Adapters.Shared;
using Martin360.Tests.Shared;

namespace Martin360.Ingest.Tests.Adapters;

/// <summary>SWE-bench reports and predictions sit beside trajectories; they are refused as "not a trace", clearly.</summary>
public sealed class SweBenchArtifactAdapterTests
{
    [Theory]
    [InlineData("mini-swe-agent/django__django-10999.report.json", "evaluation report")]
    [InlineData("mini-swe-agent/django__django-16255.report.json", "evaluation report")]
    [InlineData("swe-agent/all_preds.jsonl", "predictions file")]
    public void Read_SweBenchArtifact_IsRejectedAsNotATrace(string file, string what)
    {
        var result = TraceFormats.CreateDefault().Read(file, TraceFiles.Read(file));

        Assert.Equal(SweBenchArtifactAdapter.FormatName, result.Format);
        Assert.Empty(result.Traces);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(ImportIssueLevel.Error, issue.Level);
        Assert.StartsWith("Not a trace", issue.Message, StringComparison.Ordinal);
        Assert.Contains(what, issue.Message, StringComparison.Ordinal);
        Assert.Equal(1, result.RejectedRecords);
    }
}
