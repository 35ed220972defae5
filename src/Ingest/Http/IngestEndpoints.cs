using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters;
using Martin360.Ingest.Native;
using Martin360.Ingest.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Martin360.Ingest.Http;

/// <summary>The native ingest API: /api/v1/runs and friends.</summary>
public static class IngestEndpoints
{
    public static RouteGroupBuilder MapIngestApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").AddEndpointFilter<ApiKeyFilter>().DisableAntiforgery();
        api.MapPost("/runs", CreateRunAsync);
        api.MapPost("/runs/{id}/steps", AppendStepsAsync);
        api.MapPost("/runs/{id}/finish", FinishRunAsync);
        api.MapPost("/runs/{id}/stop", StopRunAsync);
        api.MapGet("/runs", ListRunsAsync);
        api.MapGet("/runs/{id}", GetRunAsync);
        api.MapApprovals();
        return api;
    }

    private static async Task<IResult> CreateRunAsync(HttpRequest request, IngestService ingest, IOptions<IngestOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var (dto, problem) = await RequestReader.ReadJsonAsync<RunDto>(request, options.Value.MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var issues = NativeMapper.ValidateRun(dto!);
        if (issues.Count > 0)
        {
            return Problems.Validation("The run is not valid.", issues);
        }

        var id = dto!.Id ?? "run_" + Guid.NewGuid().ToString("n");
        var run = NativeMapper.ToRun(dto, id, RunStatus.Running) with { StartedAt = dto.StartedAt ?? time.GetUtcNow() };
        var (record, created) = await ingest.CreateRunAsync(run, cancellationToken);
        var view = ViewMapper.ToView(record);
        return created ? TypedResults.Created($"/api/v1/runs/{Uri.EscapeDataString(id)}", view) : TypedResults.Ok(view);
    }

    private static async Task<IResult> AppendStepsAsync(string id, HttpRequest request, IngestService ingest, IOptions<IngestOptions> options, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestReader.ReadJsonAsync<AppendStepsRequest>(request, options.Value.MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Steps is null)
        {
            return Problems.Validation("The batch has no steps.", [new ImportIssue(ImportIssueLevel.Error, "is required (an array of steps)", Path: "$.steps")]);
        }

        if (body.Steps.Count > options.Value.MaxStepsPerBatch)
        {
            return Problems.Validation("The batch is too large.",
                [new ImportIssue(ImportIssueLevel.Error, $"at most {options.Value.MaxStepsPerBatch} steps per batch", Path: "$.steps")]);
        }

        var issues = new List<ImportIssue>();
        var steps = new List<Step>(body.Steps.Count);
        for (var i = 0; i < body.Steps.Count; i++)
        {
            if (body.Steps[i] is null)
            {
                issues.Add(new ImportIssue(ImportIssueLevel.Error, "must be an object", Path: $"$.steps[{i}]"));
                continue;
            }

            if (NativeMapper.ToStep(body.Steps[i], $"$.steps[{i}]", issues) is { } step)
            {
                steps.Add(step);
            }
        }

        // A batch is all or nothing: storing half of it would make a re-send look partly duplicate.
        if (issues.Count > 0)
        {
            return Problems.Validation("Some steps are not valid; nothing from this batch was stored.", issues);
        }

        var result = await ingest.AppendAsync(id, steps, cancellationToken);
        if (result is not { } appended)
        {
            return Problems.RunNotFound(id);
        }

        return TypedResults.Ok(new AppendResponse(id, appended.Outcome.Accepted, appended.Outcome.Duplicates, ViewMapper.ToView(appended.Verdict)));
    }

    private static async Task<IResult> FinishRunAsync(string id, HttpRequest request, IngestService ingest, IOptions<IngestOptions> options, CancellationToken cancellationToken)
    {
        var body = new FinishRunRequest();
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (parsed, problem) = await RequestReader.ReadJsonAsync<FinishRunRequest>(request, options.Value.MaxBodyBytes, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            body = parsed!;
        }

        var status = RunStatus.Completed;
        if (body.Status is not null && (!WireNames.TryParse(body.Status, out status) || status == RunStatus.Running))
        {
            return Problems.Validation("The status is not valid.",
                [new ImportIssue(ImportIssueLevel.Error, $"unknown final status '{body.Status}'; expected completed, failed, aborted or unknown", Path: "$.status")]);
        }

        var run = await ingest.FinishAsync(id, status, body.ExitReason, body.EndedAt, cancellationToken);
        return run is null ? Problems.RunNotFound(id) : TypedResults.Ok(ViewMapper.ToView(run));
    }

    private static async Task<IResult> StopRunAsync(string id, IngestService ingest, CancellationToken cancellationToken)
    {
        var run = await ingest.RequestStopAsync(id, "the API", cancellationToken);
        return run is null ? Problems.RunNotFound(id) : TypedResults.Ok(ViewMapper.ToView(run));
    }

    private static async Task<IResult> ListRunsAsync(TraceStore store, string? status, string? agent, string? project, string? outcome, string? model,
        string? from, string? to, string? finished, string? claimed, string? finding, string? text, int? skip, int? take, CancellationToken cancellationToken)
    {
        var issues = new List<ImportIssue>();
        var fromDay = ParseDay(from, "from", issues);
        var finishedOnly = ParseBool(finished, "finished", issues);
        var claimedOnly = ParseBool(claimed, "claimed", issues);
        var toDay = ParseDay(to, "to", issues);
        FindingKind? kind = null;
        if (!string.IsNullOrWhiteSpace(finding))
        {
            if (FindingKindNames.TryParse(finding.Trim(), out var parsed))
            {
                kind = parsed;
            }
            else
            {
                issues.Add(new ImportIssue(ImportIssueLevel.Error,
                    $"unknown finding kind '{finding}'; expected one of {string.Join(", ", Enum.GetValues<FindingKind>().Select(k => k.ToWire()))}", Path: "query.finding"));
            }
        }

        if (issues.Count > 0)
        {
            return Problems.Validation("The runs query is not valid.", issues);
        }

        var query = new RunQuery
        {
            Status = status,
            Agent = agent,
            Project = project,
            Outcome = outcome,
            Model = model,
            From = fromDay,
            To = toDay,
            Finished = finishedOnly,
            Claimed = claimedOnly,
            Finding = kind,
            Text = text,
            Skip = Math.Max(0, skip ?? 0),
            Take = Math.Clamp(take ?? 50, 1, 500),
        };
        var page = await store.QueryRunsAsync(query, cancellationToken);
        return TypedResults.Ok(new RunListResponse(page.Items.Select(r => ViewMapper.ToView(r)).ToArray(), page.Total, query.Skip, query.Take));
    }

    private static bool? ParseBool(string? value, string name, List<ImportIssue> issues)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (bool.TryParse(value.Trim(), out var result))
        {
            return result;
        }

        issues.Add(new ImportIssue(ImportIssueLevel.Error, $"{name} must be true or false", Path: "query." + name));
        return null;
    }

    private static DateOnly? ParseDay(string? value, string name, List<ImportIssue> issues)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
        {
            return day;
        }

        issues.Add(new ImportIssue(ImportIssueLevel.Error, $"'{value}' is not a UTC day as yyyy-MM-dd", Path: "query." + name));
        return null;
    }

    private static async Task<IResult> GetRunAsync(string id, TraceStore store, IngestService ingest, CancellationToken cancellationToken)
    {
        var run = await store.GetRunAsync(id, cancellationToken);
        if (run is null)
        {
            return Problems.RunNotFound(id);
        }

        var steps = await store.GetStepsAsync(id, 0, 100_000, cancellationToken);
        return TypedResults.Ok(ViewMapper.ToView(run, steps) with { Verdict = ViewMapper.ToView(ingest.VerdictFor(run)) });
    }
}
