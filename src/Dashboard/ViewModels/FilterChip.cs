namespace Martin360.Dashboard.ViewModels;

/// <summary>An active filter shown as a removable chip: the key clears it, the label says what it keeps.</summary>
public sealed record FilterChip(string Key, string Label);
