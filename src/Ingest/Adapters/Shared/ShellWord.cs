namespace Martin360.Ingest.Adapters.Shared;

/// <summary>One word of a shell segment after quote removal; Redirect is the operator (">", ">>", "<", "<<") when the word is a redirection target.</summary>
internal readonly record struct ShellWord(string Text, string? Redirect = null)
{
    public bool IsRedirect => Redirect is not null;
}
