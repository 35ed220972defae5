namespace Martin360.Analysis.Findings;

/// <summary>The kinds of trouble analysis classifies. Their wire names (snake_case) are in <see cref="FindingKindNames"/>.</summary>
public enum FindingKind
{
    Loop = 0,
    RepeatedStrategy,
    UnexplainedFileSwitch,
    UnverifiedCompletion,
    UnrelatedErrorChase,
    BudgetBurn,
    ProtectedEdit,
    HollowTest,
    Security,
    PolicyViolation,
}
