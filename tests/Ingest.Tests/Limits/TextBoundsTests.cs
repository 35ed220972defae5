using Martin360.Analysis.Model;
using Martin360.Ingest.Limits;

namespace Martin360.Ingest.Tests.Limits;

public sealed class TextBoundsTests
{
    private static Step StepWith(string? input, string? output) =>
        new() { Id = "s", Sequence = 1, Kind = StepKind.ShellCommand, Input = input, Output = output };

    [Fact]
    public void Bound_LongOutput_KeepsHeadAndTailWithMarker()
    {
        var output = "HEAD-" + new string('x', 10_000) + "-TAIL";

        var step = TextBounds.Bound(StepWith("short", output), 1000);

        Assert.True(step.Truncated);
        Assert.True(step.Output!.Length <= 1000);
        Assert.StartsWith("HEAD-", step.Output, StringComparison.Ordinal);
        Assert.EndsWith("-TAIL", step.Output, StringComparison.Ordinal);
        var removed = output.Length - (step.Output.Length - MarkerLength(step.Output));
        Assert.Contains($"\n…[truncated {removed} chars]…\n", step.Output, StringComparison.Ordinal);
        Assert.Equal("short", step.Input);
    }

    [Fact]
    public void Bound_TextWithinLimit_ReturnsSameStep()
    {
        var step = StepWith("in", "out");

        Assert.Same(step, TextBounds.Bound(step, 10));
    }

    [Fact]
    public void Bound_NulCharacters_AreRemovedWithoutMarkingTruncated()
    {
        var step = TextBounds.Bound(StepWith("a\0b", "c\0\0d") with { Command = "ls\0" }, 100);

        Assert.Equal("ab", step.Input);
        Assert.Equal("cd", step.Output);
        Assert.Equal("ls", step.Command);
        Assert.False(step.Truncated);
    }

    [Fact]
    public void Bound_LongInput_SetsTruncated()
    {
        var step = TextBounds.Bound(StepWith(new string('i', 500), null), 100);

        Assert.True(step.Truncated);
        Assert.True(step.Input!.Length <= 100);
        Assert.Null(step.Output);
    }

    [Fact]
    public void Bound_SurrogatePairAtTheCut_IsNotSplit()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 200));

        var bounded = TextBounds.Bound(text, 101, out var truncated)!;

        Assert.True(truncated);
        for (var i = 0; i < bounded.Length; i++)
        {
            if (char.IsHighSurrogate(bounded[i]))
            {
                Assert.True(char.IsLowSurrogate(bounded[i + 1]));
            }
            else
            {
                Assert.False(char.IsLowSurrogate(bounded[i]) && (i == 0 || !char.IsHighSurrogate(bounded[i - 1])));
            }
        }
    }

    [Fact]
    public void Bound_LimitSmallerThanMarker_CutsHeadOnly()
    {
        var bounded = TextBounds.Bound("abcdefghijklmnopqrstuvwxyz", 5, out var truncated);

        Assert.True(truncated);
        Assert.Equal("abcde", bounded);
    }

    [Fact]
    public void BoundTrace_BoundsEveryStep()
    {
        var trace = Trace.Create(new Run { Id = "r", SourceFormat = "t" },
            [StepWith("ok", "ok") with { Id = "a" }, StepWith(null, new string('o', 300)) with { Id = "b", Sequence = 2 }]);

        var bounded = TextBounds.Bound(trace, 100);

        Assert.False(bounded.Steps[0].Truncated);
        Assert.True(bounded.Steps[1].Truncated);
    }

    private static int MarkerLength(string text)
    {
        var start = text.IndexOf("\n…[truncated ", StringComparison.Ordinal);
        var end = text.IndexOf("]…\n", start, StringComparison.Ordinal) + 3;
        return end - start;
    }
}
