namespace Martin360.Ingest.Native;

/// <summary>Body of POST /api/v1/runs/{id}/approvals/{approvalId}: {"decision": "approve" | "deny", "by": "who decided"}.</summary>
public sealed class DecideApprovalRequest
{
    public string? Decision { get; set; }
    public string? By { get; set; }
}
