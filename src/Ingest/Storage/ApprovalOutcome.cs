using Martin360.Ingest.Control;

namespace Martin360.Ingest.Storage;

/// <summary>
/// What a decision on an approval did: the run afterwards, the approval as it stands (null: the run has no such
/// approval), and whether this decision was the one that decided it (false: it had been decided before).
/// </summary>
public sealed record ApprovalOutcome(RunRecord Run, Approval? Approval, bool Decided);
