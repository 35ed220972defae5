namespace Martin360.Dashboard.ViewModels.Panels;

/// <summary>One file read or changed by one step, in run order.</summary>
/// <param name="IsSwitch">The agent moved to a different file than the one it touched just before.</param>
/// <param name="IsUnexplained">An unexplained_file_switch finding names this touch: nothing before it explains the move.</param>
public sealed record FileTouchRow(long Sequence, string Action, string Path, bool IsSwitch, bool IsUnexplained, string? Agent);
