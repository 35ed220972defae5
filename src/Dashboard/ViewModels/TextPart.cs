namespace Martin360.Dashboard.ViewModels;

/// <summary>A piece of a line of text, marked when it matches the timeline search.</summary>
public readonly record struct TextPart(string Text, bool IsMatch);
