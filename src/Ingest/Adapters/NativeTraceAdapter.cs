using System.Text.Json;
using Martin360.Analysis.Model;
using Martin360.Ingest.Native;

namespace Martin360.Ingest.Adapters;

/// <summary>Reads the native martin360/v1 trace document.</summary>
public sealed class NativeTraceAdapter : ITraceAdapter
{
    public string Format => NativeMapper.Format;

    public bool CanRead(TraceSample sample) =>
        sample.LooksLikeJsonObject && sample.Head.Contains("\"martin360/v1\"", StringComparison.Ordinal);

    public AdapterResult Read(string sourceName, string content)
    {
        NativeTraceDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<NativeTraceDocument>(content, IngestJson.Options);
        }
        catch (JsonException exception)
        {
            return AdapterResult.Failed(Format, IngestJson.ToIssue(exception));
        }

        if (document is null)
        {
            return AdapterResult.Failed(Format, new ImportIssue(ImportIssueLevel.Error, "expected a JSON object", 1, "$"));
        }

        var issues = new List<ImportIssue>();
        if (document.Format != NativeMapper.Format)
        {
            issues.Add(new ImportIssue(ImportIssueLevel.Error, $"must be \"{NativeMapper.Format}\"", Path: "$.format"));
        }

        if (document.Run is null)
        {
            issues.Add(new ImportIssue(ImportIssueLevel.Error, "is required", Path: "$.run"));
        }
        else
        {
            issues.AddRange(NativeMapper.ValidateRun(document.Run, "$.run"));
        }

        var steps = new List<Step>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (document.Steps?.Count ?? 0); i++)
        {
            var step = NativeMapper.ToStep(document.Steps![i], $"$.steps[{i}]", issues);
            if (step is not null && !seen.Add(step.Id))
            {
                issues.Add(new ImportIssue(ImportIssueLevel.Error, $"duplicate step id '{step.Id}'", Path: $"$.steps[{i}].id"));
                continue;
            }

            if (step is not null)
            {
                steps.Add(step);
            }
        }

        // A native document is all or nothing: a half-imported trace would mislead every finding.
        if (issues.Count > 0 || document.Run is null)
        {
            return new AdapterResult { Format = Format, Traces = [], Issues = issues, RejectedRecords = 1 };
        }

        var runId = document.Run.Id ?? DeterministicId.FromContent(content);
        var run = NativeMapper.ToRun(document.Run, runId, RunStatus.Unknown);
        return new AdapterResult { Format = Format, Traces = [Trace.Create(run, steps)] };
    }
}
