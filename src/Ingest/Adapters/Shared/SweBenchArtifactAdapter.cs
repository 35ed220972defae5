namespace Martin360.Ingest.Adapters.Shared;

/// <summary>
/// Recognises the SWE-bench files that sit beside agent trajectories (the harness's report.json with
/// FAIL_TO_PASS/PASS_TO_PASS results, and all_preds.jsonl / preds.json predictions) and rejects them with a clear
/// "not a trace" error instead of "unknown format". They carry no steps: an evaluation verdict needs a join to
/// its run by instance id, which belongs to a later enrichment, not to an adapter.
/// </summary>
public sealed class SweBenchArtifactAdapter : ITraceAdapter
{
    public const string FormatName = "swebench-artifact";

    public string Format => FormatName;

    public bool CanRead(TraceSample sample) => sample.LooksLikeJsonObject && (IsReport(sample.Head) || IsPredictions(sample.FirstLine ?? ""));

    public AdapterResult Read(string sourceName, string content)
    {
        var sample = TraceSample.Of(content);
        var what = IsReport(sample.Head)
            ? "a SWE-bench evaluation report (resolved, FAIL_TO_PASS/PASS_TO_PASS test results)"
            : "a SWE-bench predictions file (instance_id, model_patch)";
        return AdapterResult.Failed(Format, new ImportIssue(
            ImportIssueLevel.Error,
            $"Not a trace: this is {what}. It has no agent steps; import the agent's trajectory (.traj, .traj.json, output.jsonl) instead.",
            1));
    }

    private static bool IsReport(string head) =>
        head.Contains("\"tests_status\"", StringComparison.Ordinal)
        && (head.Contains("\"FAIL_TO_PASS\"", StringComparison.Ordinal) || head.Contains("\"patch_is_None\"", StringComparison.Ordinal))
        && !head.Contains("\"history\"", StringComparison.Ordinal)
        && !head.Contains("\"messages\"", StringComparison.Ordinal)
        && !head.Contains("\"trajectory\"", StringComparison.Ordinal);

    private static bool IsPredictions(string firstLine) =>
        firstLine.Contains("\"model_patch\"", StringComparison.Ordinal)
        && firstLine.Contains("\"instance_id\"", StringComparison.Ordinal)
        && !firstLine.Contains("\"history\"", StringComparison.Ordinal);
}
