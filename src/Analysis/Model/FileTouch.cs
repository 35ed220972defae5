namespace Martin360.Analysis.Model;

/// <summary>A file a step read or changed. Paths are kept as the agent wrote them.</summary>
public sealed record FileTouch(string Path, FileAction Action);
