namespace Martin360.Ingest.Http;

/// <summary>Answer of GET /api/v1/runs/{id}/approvals and of a decision: the run's approvals and its verdict now.</summary>
public sealed record ApprovalsResponse(string RunId, VerdictView Verdict, IReadOnlyList<ApprovalView> Approvals);
