using Martin360.Ingest.Adapters;
using Microsoft.AspNetCore.Http;

namespace Martin360.Ingest.Http;

/// <summary>RFC 7807 problem details for everything ingest can refuse.</summary>
public static class Problems
{
    /// <summary>400 with an "errors" map from JSON path (or line) to messages, as ASP.NET's validation problems have.</summary>
    public static IResult Validation(string detail, IEnumerable<ImportIssue> issues)
    {
        var errors = issues
            .GroupBy(i => i.Path ?? (i.Line is { } line ? $"line {line}" : "$"))
            .ToDictionary(g => g.Key, g => g.Select(i => i.Line is { } line && i.Path is not null ? $"{i.Message} (line {line})" : i.Message).ToArray());
        return TypedResults.ValidationProblem(errors, detail, title: "The request is not valid.");
    }

    public static IResult TooLarge(long maxBytes) => TypedResults.Problem(
        title: "The request body is too large.",
        detail: $"The limit is {maxBytes:N0} bytes (Martin360__Ingest__MaxBodyBytes). Send the steps in smaller batches.",
        statusCode: StatusCodes.Status413PayloadTooLarge);

    public static IResult UnsupportedMediaType(string expected) => TypedResults.Problem(
        title: "Unsupported content type.",
        detail: $"Send {expected}.",
        statusCode: StatusCodes.Status415UnsupportedMediaType);

    public static IResult RunNotFound(string runId) => TypedResults.Problem(
        title: "No such run.",
        detail: $"There is no run with id '{Clip(runId)}'. Create it first with POST /api/v1/runs.",
        statusCode: StatusCodes.Status404NotFound);

    public static IResult ApprovalNotFound(string runId, int approvalId) => TypedResults.Problem(
        title: "No such approval.",
        detail: $"Run '{Clip(runId)}' has no approval {approvalId}. GET /api/v1/runs/{{id}}/approvals lists them.",
        statusCode: StatusCodes.Status404NotFound);

    public static IResult AlreadyDecided(int approvalId, string status, string? by) => TypedResults.Problem(
        title: "The approval was already decided.",
        detail: $"Approval {approvalId} was {status} by {Clip(by ?? "someone")}; a decision cannot be changed.",
        statusCode: StatusCodes.Status409Conflict);

    public static IResult Unauthorized() => TypedResults.Problem(
        title: "A valid API key is required.",
        detail: "Send it in the X-Api-Key header. Keys are shown in Settings, and the first one is printed to the console on first start.",
        statusCode: StatusCodes.Status401Unauthorized);

    private static string Clip(string text) => text.Length > 128 ? text[..128] + "…" : text;
}
