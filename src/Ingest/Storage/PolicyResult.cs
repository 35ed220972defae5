using Martin360.Ingest.Control;

namespace Martin360.Ingest.Storage;

/// <summary>The run after a policy's result on an append was stored, and the approvals it newly asked for.</summary>
public sealed record PolicyResult(RunRecord Run, IReadOnlyList<Approval> Asked);
