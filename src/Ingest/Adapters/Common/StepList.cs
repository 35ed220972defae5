using System.Runtime.CompilerServices;
using Martin360.Analysis.Model;

namespace Martin360.Ingest.Adapters.Common;

/// <summary>Steps of one run under construction: sequence in order of appearance, ids unique within the run.</summary>
internal sealed class StepList
{
    private readonly List<Step> _steps = [];
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly HashSet<int> _turnStarts = [];

    public int Count => _steps.Count;

    public IReadOnlyList<Step> Steps => _steps;

    public Step this[int index]
    {
        get => _steps[index];
        set => _steps[index] = value;
    }

    /// <summary>Adds a step; an id seen before gets a "#n" suffix so a repeated source id never collides.</summary>
    public int Add(string id, StepKind kind, DateTimeOffset? timestamp = null, string? model = null) =>
        Add(new Step { Id = id, Sequence = _steps.Count + 1, Kind = kind, Timestamp = timestamp, Model = model });

    /// <summary>Adds a step the caller built whole (one object instead of one per field set); its id is made unique and its sequence set here.</summary>
    public int Add(Step step)
    {
        var unique = step.Id;
        for (var n = 2; !_ids.Add(unique); n++)
        {
            unique = $"{step.Id}#{n}";
        }

        var sequence = _steps.Count + 1;
        _steps.Add(unique == step.Id && step.Sequence == sequence ? step : step with { Id = unique, Sequence = sequence });
        return _steps.Count - 1;
    }

    /// <summary>Adds a text step (a message or thought).</summary>
    public int AddText(string id, StepKind kind, DateTimeOffset? timestamp, string? input = null, string? output = null, string? name = null, string? model = null)
    {
        var index = Add(id, kind, timestamp, model);
        _steps[index] = _steps[index] with
        {
            Name = name,
            Input = input,
            Output = output,
        };
        return index;
    }

    /// <summary>The adapter's answer: one run with these steps, or no trace at all when no line could be read.</summary>
    public AdapterResult Result(string format, Run? run, List<ImportIssue> issues, int rejected) => new()
    {
        Format = format,
        Traces = run is null ? [] : [Trace.Create(run, _steps)],
        Issues = issues,
        RejectedRecords = rejected,
    };

    /// <summary>Marks the next step to be added as the start of a turn of the main agent (a real user message).</summary>
    public void StartTurn() => _turnStarts.Add(_steps.Count);

    /// <summary>
    /// The last main-agent step of each turn becomes a completion claim when it is an assistant message whose
    /// text claims done (see <see cref="CompletionClaims"/>). Steps of sub-agents and injected meta messages are not the agent's final word.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void MarkCompletionClaims(Func<Step, bool> isMainAgent)
    {
        int? lastOfTurn = null;
        for (var i = 0; i <= _steps.Count; i++)
        {
            if (i == _steps.Count || _turnStarts.Contains(i))
            {
                if (lastOfTurn is { } last && _steps[last].Kind == StepKind.AssistantMessage && CompletionClaims.IsClaim(_steps[last].Output))
                {
                    _steps[last] = _steps[last] with { Kind = StepKind.CompletionClaim };
                }

                lastOfTurn = null;
            }

            if (i < _steps.Count && isMainAgent(_steps[i]))
            {
                lastOfTurn = i;
            }
        }
    }
}
