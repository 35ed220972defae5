using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters.Shared;

namespace Martin360.Ingest.Adapters.SweAgent;

/// <summary>What one SWE-agent action did: its kind, the tool name, and the files it touched.</summary>
internal sealed record SweAgentAction(StepKind Kind, string Name, IReadOnlyList<FileTouch> Files)
{
    /// <summary>
    /// Maps an action string. SWE-agent's own commands (open, edit, create, find_file, submit, str_replace_editor, ...)
    /// come first; everything else ran in bash. Edits without a path apply to the open file.
    /// </summary>
    public static SweAgentAction Of(string action, string? openFile)
    {
        var trimmed = action.Trim();
        var newline = trimmed.IndexOf('\n');
        var words = ShellLexer.FirstCommandWords(newline < 0 ? trimmed : trimmed[..newline]);
        var name = words.Count > 0 ? words[0] : "";
        var argument = words.Count > 1 ? words[1] : null;
        return name switch
        {
            "submit" => new(StepKind.CompletionClaim, name, []),
            "open" or "filemap" => new(StepKind.FileRead, name, Touch(argument ?? openFile, FileAction.Read)),
            "goto" or "scroll_up" or "scroll_down" => new(StepKind.FileRead, name, Touch(openFile, FileAction.Read)),
            "create" => new(StepKind.FileCreate, name, Touch(argument, FileAction.Create)),
            "edit" or "insert" or "append" => new(StepKind.FileEdit, name, Touch(openFile, FileAction.Edit)),
            "find_file" or "search_dir" or "search_file" => new(StepKind.Search, name, []),
            "str_replace_editor" => Editor(words),
            "" => new(StepKind.Other, "", []),
            _ when name.StartsWith("exit_", StringComparison.Ordinal) => new(StepKind.Other, name, []),
            _ => FromShell(trimmed),
        };
    }

    private static SweAgentAction Editor(IReadOnlyList<string> words)
    {
        var path = words.Count > 2 ? words[2] : null;
        return (words.Count > 1 ? words[1] : null) switch
        {
            "view" => new(StepKind.FileRead, words[0], Touch(path, FileAction.Read)),
            "create" => new(StepKind.FileCreate, words[0], Touch(path, FileAction.Create)),
            "str_replace" or "insert" or "undo_edit" => new(StepKind.FileEdit, words[0], Touch(path, FileAction.Edit)),
            _ => new(StepKind.ToolCall, words[0], []),
        };
    }

    private static SweAgentAction FromShell(string command)
    {
        var shell = ShellCommandClassifier.Classify(command);
        return new(shell.Kind, "bash", shell.Files);
    }

    private static IReadOnlyList<FileTouch> Touch(string? path, FileAction action) =>
        string.IsNullOrWhiteSpace(path) || path == "n/a" ? [] : [new FileTouch(path, action)];
}
