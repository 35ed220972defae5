namespace Martin360.Dashboard.Cli;

public sealed record AnalyzeVerification(bool ClaimedDone, int VerifierRuns, bool? LastVerifierPassed, bool VerifiedAfterLastEdit);
