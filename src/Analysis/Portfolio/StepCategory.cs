namespace Martin360.Analysis.Portfolio;

/// <summary>What a step was for, for routing advice: which kinds of work cost what on which model.</summary>
public enum StepCategory
{
    Other = 0,
    Planning,
    Editing,
    Navigation,
    RunningTests,
    ReadingTestOutput,
    Summarising,
    Reviewing,
}
