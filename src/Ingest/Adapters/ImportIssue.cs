namespace Martin360.Ingest.Adapters;

/// <summary>A problem found while reading a trace: where (line, JSON path) and what.</summary>
public sealed record ImportIssue(ImportIssueLevel Level, string Message, int? Line = null, string? Path = null)
{
    public override string ToString()
    {
        var where = (Line, Path) switch
        {
            ({ } line, { } path) => $"line {line}, {path}: ",
            ({ } line, null) => $"line {line}: ",
            (null, { } path) => $"{path}: ",
            _ => "",
        };
        return where + Message;
    }
}
