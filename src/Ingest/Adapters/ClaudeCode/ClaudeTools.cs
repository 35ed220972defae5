using Martin360.Analysis.Model;

namespace Martin360.Ingest.Adapters.ClaudeCode;

/// <summary>What a Claude Code tool call is in the trace model: its kind, the command it ran and the files it names.</summary>
internal static class ClaudeTools
{
    public static (StepKind Kind, string? Command, IReadOnlyList<FileTouch> Files) Map(string? name, ClaudeToolInput? input)
    {
        IReadOnlyList<FileTouch> Touch(string? path, FileAction action) => path is null ? [] : [new FileTouch(path, action)];

        return name switch
        {
            "Bash" => (StepKind.ShellCommand, input?.Command, []),
            "Read" => (StepKind.FileRead, null, Touch(input?.FilePath, FileAction.Read)),
            "NotebookRead" => (StepKind.FileRead, null, Touch(input?.NotebookPath, FileAction.Read)),
            "Write" => (StepKind.FileCreate, null, Touch(input?.FilePath, FileAction.Create)),
            "Edit" or "MultiEdit" => (StepKind.FileEdit, null, Touch(input?.FilePath, FileAction.Edit)),
            "NotebookEdit" => (StepKind.FileEdit, null, Touch(input?.NotebookPath, FileAction.Edit)),
            "Glob" or "Grep" or "LS" => (StepKind.Search, null, []),

            // A plan is the agent thinking aloud in a structured form, not an action on the world.
            "TodoWrite" or "ExitPlanMode" => (StepKind.Thought, null, []),

            // Task/Agent start a sub-agent; BashOutput/KillBash manage background shells; the rest are tools.
            _ => (StepKind.ToolCall, null, []),
        };
    }
}
