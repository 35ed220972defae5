using System.Text.Json;
using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters.Common;

namespace Martin360.Ingest.Adapters.ClaudeCode;

/// <summary>What a Claude Code tool call is in the trace model: its kind, the command it ran and the files it names.</summary>
internal static class ClaudeTools
{
    public static (StepKind Kind, string? Command, IReadOnlyList<FileTouch> Files) Map(string? name, JsonElement? input)
    {
        string? Path(string field) => input?.Str(field);
        IReadOnlyList<FileTouch> Touch(string? path, FileAction action) => path is null ? [] : [new FileTouch(path, action)];

        return name switch
        {
            "Bash" => (StepKind.ShellCommand, input?.Str("command"), []),
            "Read" => (StepKind.FileRead, null, Touch(Path("file_path"), FileAction.Read)),
            "NotebookRead" => (StepKind.FileRead, null, Touch(Path("notebook_path"), FileAction.Read)),
            "Write" => (StepKind.FileCreate, null, Touch(Path("file_path"), FileAction.Create)),
            "Edit" or "MultiEdit" => (StepKind.FileEdit, null, Touch(Path("file_path"), FileAction.Edit)),
            "NotebookEdit" => (StepKind.FileEdit, null, Touch(Path("notebook_path"), FileAction.Edit)),
            "Glob" or "Grep" or "LS" => (StepKind.Search, null, []),

            // A plan is the agent thinking aloud in a structured form, not an action on the world.
            "TodoWrite" or "ExitPlanMode" => (StepKind.Thought, null, []),

            // Task/Agent start a sub-agent; BashOutput/KillBash manage background shells; the rest are tools.
            _ => (StepKind.ToolCall, null, []),
        };
    }
}
