using System.Text.Json;
using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters.Common;

namespace Martin360.Ingest.Adapters.ClaudeCode;

/// <summary>
/// The JSON Claude Code hands a statusline hook: one session's running totals (cost, tokens), no steps.
/// It imports as a totals-only run under its own id, so it never overwrites the transcript's run.
/// </summary>
internal static class ClaudeStatusline
{
    public static bool Looks(string head) =>
        head.Contains("\"session_id\"", StringComparison.Ordinal)
        && head.Contains("\"transcript_path\"", StringComparison.Ordinal)
        && head.Contains("\"total_cost_usd\"", StringComparison.Ordinal);

    public static AdapterResult Read(string content)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(content);
            root = document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            return AdapterResult.Failed(ClaudeCodeAdapter.FormatName, IngestJson.ToIssue(exception));
        }

        var sessionId = root.Str("session_id");
        if (sessionId is null)
        {
            return AdapterResult.Failed(ClaudeCodeAdapter.FormatName, new ImportIssue(ImportIssueLevel.Error, "is required", Path: "$.session_id"));
        }

        var cost = root.Object("cost")?.Decimal("total_cost_usd");
        var window = root.Object("context_window");
        var directory = root.Object("workspace")?.Str("project_dir") ?? root.Str("cwd");
        var run = new Run
        {
            Id = "statusline:" + SourceIds.Run(ClaudeCodeAdapter.FormatName, sessionId, content),
            SourceFormat = ClaudeCodeAdapter.FormatName,
            AgentName = "claude-code",
            AgentVersion = root.Str("version"),
            Project = StepText.LastSegment(directory),
            Repository = directory,
            TaskTitle = root.Object("model")?.Str("display_name") is { } model ? $"Claude Code session {sessionId} ({model})" : null,
            Tokens = new TokenUsage(window?.Long("total_input_tokens") ?? 0, window?.Long("total_output_tokens") ?? 0),
            CostUsd = cost,
            CostProvenance = cost is null ? CostProvenance.Unknown : CostProvenance.Reported,
        };

        return new AdapterResult
        {
            Format = ClaudeCodeAdapter.FormatName,
            Traces = [Trace.Create(run, [])],
            Issues = [new ImportIssue(ImportIssueLevel.Warning, "statusline snapshot: session totals only, no steps")],
        };
    }
}
