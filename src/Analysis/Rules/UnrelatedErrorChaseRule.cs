using System.Runtime.CompilerServices;
using Martin360.Analysis.Engine;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Text;

namespace Martin360.Analysis.Rules;

/// <summary>
/// Steps spent on errors that connect neither to the task nor to the files the agent changed for it: the
/// environment (missing packages, build directories, permissions), unrelated modules, lint elsewhere.
/// A chase is a stretch of at least <see cref="MinFailures"/> such failures from <see cref="MinDistinctActions"/>
/// or more different actions (one action repeated is a loop, reported by the loop rule).
/// </summary>
public sealed class UnrelatedErrorChaseRule : IFindingRule
{
    public const int MinFailures = 3;
    public const int MinDistinctActions = 2;

    private static readonly string[] s_environmentMarkers =
    [
        "command not found", "no such file or directory", "could not find", "cannot find module", "modulenotfounderror",
        "no module named", "permission denied", "eacces", "enoent", "connection refused", "could not resolve", "unable to locate package",
        "e: unable", "cmake error", "could not load cache", "can't cd", "not installed", "missing dependency", "version conflict",
        "network is unreachable", "temporary failure in name resolution", "externally-managed-environment", "npm err!", "gyp err",
        "failed to fetch", "certificate verify failed", "disk quota", "no space left",
    ];

    private static readonly char[] s_wrapping = ['(', ')', '[', ']', ',', ';', '"', '\'', ':'];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Find(AnalysisContext context)
    {
        var task = new MentionIndex();
        task.Add(context.TaskText);
        var changedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var findings = new List<Finding>();
        var chase = new List<int>();
        var failures = 0;
        var actions = new HashSet<ulong>();
        var firstMarker = "";

        void Flush()
        {
            if (failures >= MinFailures && actions.Count >= MinDistinctActions)
            {
                var first = context.Seq(chase[0]);
                var last = context.Seq(chase[^1]);
                var summary = $"{failures} failed steps ({TextDisplay.StepRange(first, last)}) chased errors unrelated to the task and to the files changed for it" +
                    $"{(firstMarker.Length > 0 ? $" ({firstMarker})" : "")}, starting with `{context.Describe(chase[0], 60)}`.";
                findings.Add(context.SpanFinding(FindingKind.UnrelatedErrorChase, Severity.Warning, 0.6, chase, summary));
            }

            chase.Clear();
            failures = 0;
            actions.Clear();
            firstMarker = "";
        }

        for (var i = 0; i < context.Steps.Count; i++)
        {
            var facts = context.Facts[i];
            if (!facts.IsAction)
            {
                continue;
            }

            if (facts.IsUserMessage)
            {
                Flush();
                continue;
            }

            var relatedEdit = facts.IsEdit && !facts.Failed && facts.Written.Any(p => changedNames.Contains(PathText.FileName(p)) || task.Explains(p));
            if (relatedEdit || facts.VerifierPassed == true)
            {
                Flush();
            }

            if (facts.Failed)
            {
                var marker = Unrelated(context, i, changedNames, task);
                if (marker is null)
                {
                    Flush();
                }
                else
                {
                    chase.Add(i);
                    failures++;
                    actions.Add(facts.ActionKey);
                    if (firstMarker.Length == 0)
                    {
                        firstMarker = marker;
                    }
                }
            }
            else if (chase.Count > 0)
            {
                // Reading a Makefile or installing a package in between is part of the chase.
                chase.Add(i);
            }

            if (facts.IsEdit && !facts.Failed)
            {
                foreach (var path in facts.Written)
                {
                    changedNames.Add(PathText.FileName(path));
                }
            }
        }

        Flush();
        return findings;
    }

    /// <summary>Why a failure is unrelated (a short marker), or null when it names the task's or the agent's files.</summary>
    private static string? Unrelated(AnalysisContext context, int index, HashSet<string> changedNames, MentionIndex task)
    {
        var step = context.Steps[index];
        var output = step.Output ?? "";
        var facts = context.Facts[index];
        if (facts.IsEdit && facts.Written.Any(p => changedNames.Contains(PathText.FileName(p)) || task.Explains(p)))
        {
            return null;
        }

        foreach (var name in changedNames)
        {
            if (output.Contains(name, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        var lower = Normalizer.Bounded(output).ToLowerInvariant();
        foreach (var marker in s_environmentMarkers)
        {
            if (lower.Contains(marker, StringComparison.Ordinal))
            {
                return "environment: " + marker;
            }
        }

        // An error naming source files, none of them the task's or the agent's: trouble elsewhere (lint, other modules).
        var files = FileLike(output);
        if (files.Count > 0 && !files.Any(task.Explains))
        {
            return "in " + PathText.FileName(files[0]);
        }

        return null;
    }

    private static List<string> FileLike(string text)
    {
        var files = new List<string>();
        foreach (var token in Normalizer.Tokens(Normalizer.Bounded(text)))
        {
            var t = token.Trim(s_wrapping);
            var colon = t.IndexOf(':');
            if (colon > 0)
            {
                t = t[..colon];
            }

            var dot = t.LastIndexOf('.');
            if (dot > 0 && dot < t.Length - 1 && dot >= t.Length - 5 && t[(dot + 1)..].All(char.IsAsciiLetter) && t.Any(char.IsAsciiLetter))
            {
                files.Add(t);
                if (files.Count >= 20)
                {
                    break;
                }
            }
        }

        return files;
    }
}
