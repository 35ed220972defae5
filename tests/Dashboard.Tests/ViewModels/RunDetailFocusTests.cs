using Martin360.Dashboard.ViewModels;
using Martin360.Ingest.Http;

namespace Martin360.Dashboard.Tests.ViewModels;

public sealed class RunDetailFocusTests
{
    private static readonly FindingView s_loop = new("loop", "warning", 0.9, [104, 105, 106, 107], "pytest repeated 4 times", 0, 0);
    private static readonly FindingView s_claim = new("unverified_completion", "critical", 0.9, [103, 107, 108], "claimed done after a failing run", 0, 0);

    [Fact]
    public void SelectFinding_Clicked_HighlightsEveryEvidenceStepAndFocusesTheFirst()
    {
        var model = NewModel();

        model.SelectFinding(s_loop);

        Assert.Same(s_loop, model.SelectedFinding);
        Assert.Equal(104, model.FocusSequence);
        Assert.All(s_loop.Steps, s => Assert.True(model.IsHighlighted(s)));
        Assert.False(model.IsHighlighted(103));
    }

    [Fact]
    public void SelectFinding_AnotherClicked_ReplacesTheHighlight()
    {
        var model = NewModel();
        model.SelectFinding(s_loop);

        model.SelectFinding(s_claim);

        Assert.Equal(103, model.FocusSequence);
        Assert.True(model.IsHighlighted(108));
        Assert.True(model.IsHighlighted(107));
        Assert.False(model.IsHighlighted(104));
    }

    [Fact]
    public void FocusStep_AfterAFinding_HighlightsOnlyThatStepAndDropsTheSelection()
    {
        var model = NewModel();
        model.SelectFinding(s_loop);

        model.FocusStep(12);
        var focus = model.FocusSequence;
        model.FocusHandled();

        Assert.Null(model.SelectedFinding);
        Assert.Equal(12, focus);
        Assert.Null(model.FocusSequence);
        Assert.True(model.IsHighlighted(12));
        Assert.False(model.IsHighlighted(104));
    }

    [Theory]
    [InlineData("http://localhost:5360/runs/abc#step-42", 42L)]
    [InlineData("http://localhost:5360/runs/abc?step=7", 7L)]
    [InlineData("http://localhost:5360/runs/abc?tab=1&step=7#top", 7L)]
    [InlineData("http://localhost:5360/runs/abc#step-9?step=3", null)]
    [InlineData("http://localhost:5360/runs/abc", null)]
    [InlineData("http://localhost:5360/runs/abc#step-", null)]
    [InlineData("http://localhost:5360/runs/abc#step--3", null)]
    [InlineData("http://localhost:5360/runs/abc?steps=3", null)]
    public void StepFromUri_Permalinks_ReadTheStepFromTheFragmentOrTheQuery(string uri, long? expected)
    {
        Assert.Equal(expected, RunDetailViewModel.StepFromUri(uri));
    }

    [Fact]
    public void Permalink_RunIdWithSpecialCharacters_IsEscapedAndReadsBack()
    {
        var link = RunDetailViewModel.Permalink("http://localhost:5360/", "run/1 #x", 15);

        Assert.Equal("http://localhost:5360/runs/run%2F1%20%23x#step-15", link);
        Assert.Equal(15, RunDetailViewModel.StepFromUri(link));
    }

    [Fact]
    public void SearchMarks_CaseInsensitiveMatches_AreMarkedAndTheTextIsKeptWhole()
    {
        var parts = SearchMarks.Split("$ pytest -q && PYTEST -x", "pytest");

        Assert.Equal("$ pytest -q && PYTEST -x", string.Concat(parts.Select(p => p.Text)));
        Assert.Equal(["pytest", "PYTEST"], parts.Where(p => p.IsMatch).Select(p => p.Text));
        Assert.Single(SearchMarks.Split("ls", null));
        Assert.DoesNotContain(SearchMarks.Split("ls -la", "grep"), p => p.IsMatch);
    }

    // The focus logic needs no store: nothing here reads or writes.
    private static RunDetailViewModel NewModel() => new(null!, null!, null!, null!);
}
