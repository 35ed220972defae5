namespace Martin360.Analysis.Text;

/// <summary>
/// Everything a run has named so far (task, outputs, listings, the agent's own words), as hashed lower-case words:
/// whole path-like runs, their segments and their dot-separated pieces. Linear in the text added.
/// </summary>
public sealed class MentionIndex
{
    private readonly HashSet<ulong> _words = [];

    public void Add(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        var span = Normalizer.Bounded(text).AsSpan();
        var start = -1;
        for (var i = 0; i <= span.Length; i++)
        {
            var inWord = i < span.Length && IsWordChar(span[i]);
            if (inWord)
            {
                if (start < 0)
                {
                    start = i;
                }

                continue;
            }

            if (start >= 0)
            {
                AddRun(span[start..i]);
                start = -1;
            }
        }
    }

    /// <summary>Whether a file is named: its file name, its parent/name, or (when not generic) its first name piece.</summary>
    public bool Explains(string path)
    {
        var name = PathText.FileName(path);
        if (name.Length == 0)
        {
            return true;
        }

        if (Contains(name))
        {
            return true;
        }

        var piece = PathText.FirstPiece(path);
        return !PathText.IsGenericName(piece) && Contains(piece);
    }

    public bool Contains(string word) => _words.Contains(HashLower(word.AsSpan()));

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '.' or '/' or '\\' or '-';

    private void AddRun(ReadOnlySpan<char> run)
    {
        run = run.Trim("./-");
        if (run.Length == 0)
        {
            return;
        }

        _words.Add(HashLower(run));
        var segmentStart = 0;
        for (var i = 0; i <= run.Length; i++)
        {
            if (i < run.Length && run[i] is not ('/' or '\\'))
            {
                continue;
            }

            var segment = run[segmentStart..i];
            segmentStart = i + 1;
            if (segment.Length == 0)
            {
                continue;
            }

            _words.Add(HashLower(segment));
            var pieceStart = 0;
            for (var j = 0; j <= segment.Length; j++)
            {
                if (j < segment.Length && segment[j] != '.')
                {
                    continue;
                }

                if (j > pieceStart)
                {
                    _words.Add(HashLower(segment[pieceStart..j]));
                }

                pieceStart = j + 1;
            }
        }
    }

    private static ulong HashLower(ReadOnlySpan<char> text)
    {
        var hash = StableHash.Start;
        foreach (var c in text)
        {
            hash = StableHash.Add(hash, char.ToLowerInvariant(c));
        }

        return StableHash.Add(hash, '\u0000');
    }
}
