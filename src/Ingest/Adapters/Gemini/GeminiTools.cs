using System.Text.Json;
using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters.Common;

namespace Martin360.Ingest.Adapters.Gemini;

/// <summary>Gemini CLI's built-in tools in the trace model.</summary>
internal static class GeminiTools
{
    public static (StepKind Kind, IReadOnlyList<FileTouch> Files) Map(string? name, JsonElement? args, string? output)
    {
        var path = args?.Str("file_path") ?? args?.Str("absolute_path") ?? args?.Str("path");
        IReadOnlyList<FileTouch> Touch(FileAction action) => path is null ? [] : [new FileTouch(path, action)];

        return name switch
        {
            "run_shell_command" => (StepKind.ShellCommand, []),
            "read_file" => (StepKind.FileRead, Touch(FileAction.Read)),
            "read_many_files" => (StepKind.FileRead, ManyPaths(args)),

            // write_file both creates and overwrites; its result says which.
            "write_file" when output?.Contains("overwrote", StringComparison.OrdinalIgnoreCase) == true => (StepKind.FileEdit, Touch(FileAction.Edit)),
            "write_file" => (StepKind.FileCreate, Touch(FileAction.Create)),
            "replace" or "edit" or "smart_edit" => (StepKind.FileEdit, Touch(FileAction.Edit)),
            "glob" or "search_file_content" or "grep" or "list_directory" or "ls" or "google_web_search" => (StepKind.Search, []),
            "write_todos" => (StepKind.Thought, []),
            _ => (StepKind.ToolCall, []),
        };
    }

    private static IReadOnlyList<FileTouch> ManyPaths(JsonElement? args) =>
        args?.Array("paths") is { } paths
            ? paths.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.String).Select(p => new FileTouch(p.GetString()!, FileAction.Read)).ToArray()
            : [];
}
