using Martin360.Analysis.Model;

namespace Martin360.Ingest.Adapters.Codex;

/// <summary>Reads which files an apply_patch envelope ("*** Begin Patch" ... "*** End Patch") adds, updates, moves or deletes.</summary>
internal static class ApplyPatch
{
    public const string Begin = "*** Begin Patch";

    public static IReadOnlyList<FileTouch> Files(string? patch)
    {
        if (string.IsNullOrEmpty(patch))
        {
            return [];
        }

        var files = new List<FileTouch>();
        foreach (var raw in patch.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (Header(line, "*** Add File: ") is { } added)
            {
                files.Add(new FileTouch(added, FileAction.Create));
            }
            else if (Header(line, "*** Update File: ") is { } updated)
            {
                files.Add(new FileTouch(updated, FileAction.Edit));
            }
            else if (Header(line, "*** Delete File: ") is { } deleted)
            {
                files.Add(new FileTouch(deleted, FileAction.Delete));
            }
            else if (Header(line, "*** Move to: ") is { } destination && files.Count > 0)
            {
                // A move is the old path gone and the new one created (with the update's changes).
                files[^1] = files[^1] with { Action = FileAction.Delete };
                files.Add(new FileTouch(destination, FileAction.Create));
            }
        }

        return files;
    }

    /// <summary>A patch that only adds files creates; one that only deletes deletes; anything else edits.</summary>
    public static StepKind KindOf(IReadOnlyList<FileTouch> files) =>
        files.Count > 0 && files.All(f => f.Action == FileAction.Create) ? StepKind.FileCreate
        : files.Count > 0 && files.All(f => f.Action == FileAction.Delete) ? StepKind.FileDelete
        : StepKind.FileEdit;

    private static string? Header(string line, string prefix) =>
        line.StartsWith(prefix, StringComparison.Ordinal) && line.Length > prefix.Length ? line[prefix.Length..].Trim() : null;
}
