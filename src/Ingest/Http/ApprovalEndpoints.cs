using Martin360.Analysis.Text;
using Martin360.Ingest.Adapters;
using Martin360.Ingest.Control;
using Martin360.Ingest.Native;
using Martin360.Ingest.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Martin360.Ingest.Http;

/// <summary>
/// Approvals for automation, behind the API key (the dashboard's Approve and Deny buttons do the same):
/// GET /api/v1/runs/{id}/approvals and POST /api/v1/runs/{id}/approvals/{approvalId} {"decision": "approve" | "deny", "by": "..."}.
/// </summary>
public static class ApprovalEndpoints
{
    /// <summary>Who decided, when the request does not say (the API's Stop is recorded the same way).</summary>
    public const string DefaultDecider = "the API";

    private const int MaxDeciderChars = 200;

    public static RouteGroupBuilder MapApprovals(this RouteGroupBuilder api)
    {
        api.MapGet("/runs/{id}/approvals", ListAsync);
        api.MapPost("/runs/{id}/approvals/{approvalId:int}", DecideAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(string id, TraceStore store, IngestService ingest, CancellationToken cancellationToken)
    {
        var run = await store.GetRunAsync(id, cancellationToken);
        return run is null ? Problems.RunNotFound(id) : TypedResults.Ok(Response(run, ingest));
    }

    private static async Task<IResult> DecideAsync(string id, int approvalId, HttpRequest request, IngestService ingest, IOptions<IngestOptions> options,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestReader.ReadJsonAsync<DecideApprovalRequest>(request, options.Value.MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        ApprovalStatus? decision = body!.Decision?.Trim().ToLowerInvariant() switch
        {
            "approve" => ApprovalStatus.Approved,
            "deny" => ApprovalStatus.Denied,
            _ => null,
        };
        if (decision is not { } status)
        {
            return Problems.Validation("The decision is not valid.",
                [new ImportIssue(ImportIssueLevel.Error, $"expected \"approve\" or \"deny\", got {(body.Decision is null ? "nothing" : $"'{TextDisplay.OneLine(body.Decision, 40)}'")}", Path: "$.decision")]);
        }

        // The name ends up in the verdict's reasons: one line, bounded.
        var by = string.IsNullOrWhiteSpace(body.By) ? DefaultDecider : TextDisplay.OneLine(body.By, MaxDeciderChars);
        var outcome = await ingest.DecideApprovalAsync(id, approvalId, status, by, cancellationToken);
        if (outcome is null)
        {
            return Problems.RunNotFound(id);
        }

        if (outcome.Approval is not { } approval)
        {
            return Problems.ApprovalNotFound(id, approvalId);
        }

        if (!outcome.Decided && approval.Status != status)
        {
            return Problems.AlreadyDecided(approvalId, approval.StatusName, approval.DecidedBy);
        }

        return TypedResults.Ok(Response(outcome.Run, ingest));
    }

    private static ApprovalsResponse Response(RunRecord run, IngestService ingest) =>
        new(run.Id, ViewMapper.ToView(ingest.VerdictFor(run)), RecordMapper.ApprovalsOf(run).Select(ViewMapper.ToView).ToArray());
}
