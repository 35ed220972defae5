namespace Martin360.Analysis.Findings;

/// <summary>How a run ended, judged on evidence rather than on the agent's word.</summary>
public enum Outcome
{
    Unknown = 0,
    VerifiedSuccess,
    UnverifiedClaim,
    FailedVerification,
    Stuck,
    BudgetExhausted,
    Aborted,
    InProgress,
}
