using System.Runtime.CompilerServices;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Analysis.Text;

namespace Martin360.Analysis.Engine;

/// <summary>
/// One trace prepared for the rules: steps in sequence order, per-step facts, prefix sums of spend.
/// Built in one linear pass; every rule reads it and none mutates it. Never looks at step ids.
/// </summary>
public sealed class AnalysisContext
{
    private readonly long[] _tokenPrefix;
    private readonly decimal[] _usdPrefix;

    private AnalysisContext(Trace trace, Step[] steps, StepFacts[] facts, VerificationPoints verification)
    {
        Trace = trace;
        Steps = steps;
        Facts = facts;
        VerificationPoints = verification;
        _tokenPrefix = new long[steps.Length + 1];
        _usdPrefix = new decimal[steps.Length + 1];
        var actions = new List<int>();
        for (var i = 0; i < steps.Length; i++)
        {
            _tokenPrefix[i + 1] = _tokenPrefix[i] + steps[i].Tokens.Total;
            _usdPrefix[i + 1] = _usdPrefix[i] + (steps[i].CostUsd ?? 0m);
            if (facts[i].IsAction)
            {
                actions.Add(i);
            }
        }

        ActionIndices = actions;
        TaskText = string.Join("\n", new[] { trace.Run.TaskTitle, trace.Run.TaskObjective }.Where(t => !string.IsNullOrWhiteSpace(t)));
    }

    public Trace Trace { get; }

    public Run Run => Trace.Run;

    /// <summary>Steps ordered by sequence (stable for equal sequences, so ids never decide anything).</summary>
    public IReadOnlyList<Step> Steps { get; }

    public IReadOnlyList<StepFacts> Facts { get; }

    /// <summary>Indices (into <see cref="Steps"/>) of the steps that are agent actions, in order.</summary>
    public IReadOnlyList<int> ActionIndices { get; }

    public VerificationRecord Verification => VerificationPoints.Record;

    /// <summary>The record and the steps it rests on: the last edit that took effect, the last verifier, the last claim.</summary>
    public VerificationPoints VerificationPoints { get; }

    public string TaskText { get; }

    public long TotalTokens => _tokenPrefix[^1];

    public decimal TotalUsd => _usdPrefix[^1];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static AnalysisContext Create(Trace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var steps = IsOrdered(trace.Steps) ? trace.Steps.ToArray() : trace.Steps.OrderBy(s => s.Sequence).ToArray();
        var facts = new StepFacts[steps.Length];
        for (var i = 0; i < steps.Length; i++)
        {
            facts[i] = StepFactory.Create(steps[i]);
        }

        return new AnalysisContext(trace, steps, facts, Martin360.Analysis.Verification.Points(steps, facts));
    }

    /// <summary>Tokens and USD of the steps at indices from..to inclusive.</summary>
    public (long Tokens, decimal Usd) Spend(int from, int to)
    {
        if (from > to)
        {
            return (0, 0m);
        }

        return (_tokenPrefix[to + 1] - _tokenPrefix[from], _usdPrefix[to + 1] - _usdPrefix[from]);
    }

    public (long Tokens, decimal Usd) Spend(IEnumerable<int> indices)
    {
        long tokens = 0;
        var usd = 0m;
        foreach (var i in indices)
        {
            tokens += Steps[i].Tokens.Total;
            usd += Steps[i].CostUsd ?? 0m;
        }

        return (tokens, usd);
    }

    public long Seq(int index) => Steps[index].Sequence;

    /// <summary>A finding whose waste is the spend of the steps from the first to the last evidence index.</summary>
    public Finding SpanFinding(FindingKind kind, Severity severity, double confidence, IEnumerable<int> evidence, string summary)
    {
        var indices = evidence.Distinct().Order().ToArray();
        var (tokens, usd) = indices.Length == 0 ? (0, 0m) : Spend(indices[0], indices[^1]);
        return Build(kind, severity, confidence, indices, summary, tokens, usd);
    }

    /// <summary>A finding whose waste is the spend of the evidence steps themselves.</summary>
    public Finding StepsFinding(FindingKind kind, Severity severity, double confidence, IEnumerable<int> evidence, string summary)
    {
        var indices = evidence.Distinct().Order().ToArray();
        var (tokens, usd) = Spend(indices);
        return Build(kind, severity, confidence, indices, summary, tokens, usd);
    }

    public Finding Build(FindingKind kind, Severity severity, double confidence, IReadOnlyList<int> orderedIndices, string summary, long tokens, decimal usd) => new()
    {
        Kind = kind,
        Severity = severity,
        Confidence = Math.Round(confidence, 2),
        Steps = orderedIndices.Select(Seq).Distinct().Order().ToArray(),
        Summary = summary,
        WastedTokens = tokens,
        WastedUsd = usd,
    };

    /// <summary>A short, single-line, quotable rendering of what a step did (for summaries and next steps).</summary>
    public string Describe(int index, int max = 80)
    {
        var step = Steps[index];
        var path = step.Files.Count > 0 ? step.Files[0].Path : Facts[index].IsWriteAttempt && step.Input is not null ? ToolArguments.PathOf(step.Input) : null;
        var text = step.Command ?? (path is not null ? $"{step.Name ?? step.Kind.ToWire()} {path}" : null) ?? step.Name ?? step.Input ?? step.Kind.ToWire();
        return TextDisplay.OneLine(text, max);
    }

    private static bool IsOrdered(IReadOnlyList<Step> steps)
    {
        for (var i = 1; i < steps.Count; i++)
        {
            if (steps[i].Sequence < steps[i - 1].Sequence)
            {
                return false;
            }
        }

        return true;
    }
}
