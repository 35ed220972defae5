namespace Martin360.Analysis.Text;

/// <summary>
/// A growable character buffer reused across calls on one thread (the normaliser's output), plus scratch space for
/// rewriting one token. Unlike a StringBuilder its content is one span: hashed or searched without a copy.
/// </summary>
internal sealed class TextBuffer
{
    private char[] _chars = new char[1024];
    private char[] _scratch = new char[256];

    public int Length { get; private set; }

    public ReadOnlySpan<char> Span => _chars.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void Append(char c)
    {
        if (Length == _chars.Length)
        {
            Grow(1);
        }

        _chars[Length++] = c;
    }

    public void Append(ReadOnlySpan<char> text)
    {
        if (Length + text.Length > _chars.Length)
        {
            Grow(text.Length);
        }

        text.CopyTo(_chars.AsSpan(Length));
        Length += text.Length;
    }

    /// <summary>Scratch space of at least <paramref name="length"/> characters, valid until the next call.</summary>
    public Span<char> Scratch(int length)
    {
        if (_scratch.Length < length)
        {
            _scratch = new char[Math.Max(length, 2 * _scratch.Length)];
        }

        return _scratch;
    }

    public override string ToString() => Span.ToString();

    private void Grow(int needed) => Array.Resize(ref _chars, Math.Max(Length + needed, 2 * _chars.Length));
}
