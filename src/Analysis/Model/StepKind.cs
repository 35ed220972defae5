namespace Martin360.Analysis.Model;

/// <summary>What one step of a run did. Every adapter maps its own vocabulary onto these.</summary>
public enum StepKind
{
    Other = 0,
    UserMessage,
    ModelCall,
    AssistantMessage,
    Thought,
    ToolCall,
    ShellCommand,
    FileRead,
    FileEdit,
    FileCreate,
    FileDelete,
    Search,
    VerifierRun,
    CompletionClaim,
    Error,
    ModelSwitch,
    Approval,
    PolicyDecision,
}
