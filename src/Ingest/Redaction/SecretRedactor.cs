using System.Text.RegularExpressions;
using Martin360.Analysis.Model;

namespace Martin360.Ingest.Redaction;

/// <summary>
/// Removes API keys, tokens, passwords and private keys from every text field of a trace before it is stored,
/// replacing each with "[REDACTED:kind]". Agents paste environment dumps, config files and curl commands into
/// their transcripts; none of that may reach the store or the dashboard.
/// </summary>
public static partial class SecretRedactor
{
    /// <summary>The trace with every secret replaced, and the list of where.</summary>
    public static RedactionResult Redact(Trace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var redactions = new List<SecretRedaction>();
        var run = RedactRun(trace.Run, redactions);

        Step[]? steps = null;
        for (var i = 0; i < trace.Steps.Count; i++)
        {
            var step = trace.Steps[i];
            var redacted = RedactStep(step, redactions);
            if (!ReferenceEquals(redacted, step))
            {
                steps ??= trace.Steps.ToArray();
                steps[i] = redacted;
            }
        }

        var result = ReferenceEquals(run, trace.Run) && steps is null
            ? trace
            : trace with { Run = run, Steps = steps ?? trace.Steps };
        return new RedactionResult { Trace = result, Redactions = redactions };
    }

    /// <summary>The text with every secret replaced; <paramref name="found"/> (when given) counts them by kind.</summary>
    public static string? Redact(string? text, IDictionary<string, int>? found = null)
    {
        if (string.IsNullOrEmpty(text) || !MayHoldSecret(text))
        {
            return text;
        }

        var changed = false;
        var redacted = Secrets().Replace(text, match =>
        {
            var (kind, group) = Classify(match);
            if (kind is null || group is null)
            {
                return match.Value;
            }

            changed = true;

            if (found is not null)
            {
                found[kind] = found.TryGetValue(kind, out var n) ? n + 1 : 1;
            }

            var start = group.Index - match.Index;
            return string.Concat(match.Value.AsSpan(0, start), $"[REDACTED:{kind}]", match.Value.AsSpan(start + group.Length));
        });
        return changed ? redacted : text;
    }

    private static Run RedactRun(Run run, List<SecretRedaction> redactions)
    {
        string? Field(string? value, string name) => RedactField(value, null, "run." + name, redactions);

        var redacted = run with
        {
            TaskTitle = Field(run.TaskTitle, "task_title"),
            TaskObjective = Field(run.TaskObjective, "task_objective"),
            Repository = Field(run.Repository, "repository"),
            Project = Field(run.Project, "project"),
            Branch = Field(run.Branch, "branch"),
            ExitReason = Field(run.ExitReason, "exit_reason"),
            AgentName = Field(run.AgentName, "agent_name"),
        };
        return redacted == run ? run : redacted;
    }

    private static Step RedactStep(Step step, List<SecretRedaction> redactions)
    {
        var input = RedactField(step.Input, step.Sequence, "input", redactions);
        var output = RedactField(step.Output, step.Sequence, "output", redactions);
        var command = RedactField(step.Command, step.Sequence, "command", redactions);
        var name = RedactField(step.Name, step.Sequence, "name", redactions);
        if (ReferenceEquals(input, step.Input) && ReferenceEquals(output, step.Output)
            && ReferenceEquals(command, step.Command) && ReferenceEquals(name, step.Name))
        {
            return step;
        }

        return step with { Input = input, Output = output, Command = command, Name = name };
    }

    private static string? RedactField(string? value, long? sequence, string field, List<SecretRedaction> redactions)
    {
        if (string.IsNullOrEmpty(value) || !MayHoldSecret(value))
        {
            return value;
        }

        var found = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var redacted = Redact(value, found);
        if (found.Count == 0)
        {
            return value;
        }

        foreach (var (kind, count) in found)
        {
            redactions.Add(new SecretRedaction(sequence, field, kind, count));
        }

        return redacted;
    }

    // A cheap first look so that the common case (no secret-like text at all) never runs the big expression.
    private static bool MayHoldSecret(string text) => Hints().IsMatch(text);

    private static (string? Kind, Group? Value) Classify(Match match)
    {
        Group g;
        if ((g = match.Groups["pem"]).Success)
        {
            return ("private-key", g);
        }

        if ((g = match.Groups["anthropic"]).Success)
        {
            return ("anthropic-key", g);
        }

        if ((g = match.Groups["openai"]).Success)
        {
            // Random keys mix letters and digits; a long hyphenated word after "sk-" is not a key.
            return (HasLetterAndDigit(g.Value.AsSpan(3)) ? "openai-key" : null, g);
        }

        if ((g = match.Groups["github"]).Success)
        {
            return ("github-token", g);
        }

        if ((g = match.Groups["aws"]).Success)
        {
            return ("aws-access-key", g);
        }

        if ((g = match.Groups["slack"]).Success)
        {
            return ("slack-token", g);
        }

        if ((g = match.Groups["google"]).Success)
        {
            return ("google-api-key", g);
        }

        if ((g = match.Groups["jwt"]).Success)
        {
            return ("jwt", g);
        }

        if ((g = match.Groups["bearer"]).Success)
        {
            return (IsRedacted(g.Value) ? null : "bearer-token", g);
        }

        if ((g = match.Groups["url"]).Success)
        {
            return (IsRedacted(g.Value) ? null : "url-credentials", g);
        }

        if ((g = match.Groups["assign"]).Success)
        {
            if (!LooksLikeSecretValue(g.Value))
            {
                return (null, g);
            }

            // GITHUB_TOKEN=ghp_...: name the key's own kind rather than the generic one.
            var inner = Secrets().Match(g.Value);
            var (innerKind, _) = inner.Success && !inner.Groups["assign"].Success ? Classify(inner) : (null, null);
            return (innerKind ?? "secret-assignment", g);
        }

        return (null, null);
    }

    /// <summary>Whether the value of "password = ..." is a literal secret rather than code, a reference or a placeholder.</summary>
    private static bool LooksLikeSecretValue(string value)
    {
        var quoted = value.Length >= 2 && (value[0] == '"' || value[0] == '\'');
        var inner = quoted ? value[1..^1] : value;
        if (inner.Length < 8 || IsRedacted(inner) || inner.StartsWith('$') || inner.StartsWith('%') || inner.StartsWith('<')
            || inner.Contains("{{", StringComparison.Ordinal) || inner.Contains("${", StringComparison.Ordinal))
        {
            return false;
        }

        if (quoted)
        {
            return true;
        }

        // Unquoted values are often code (token = request.headers, password=get_password()): only literal-looking ones count.
        if (inner.IndexOfAny(['(', ')', '[', ']', '{', '}']) >= 0 || DottedIdentifier().IsMatch(inner))
        {
            return false;
        }

        return HasLetterAndDigit(inner) || inner.Length >= 20;
    }

    private static bool IsRedacted(string value) => value.StartsWith("[REDACTED", StringComparison.Ordinal);

    private static bool HasLetterAndDigit(ReadOnlySpan<char> text)
    {
        bool letter = false, digit = false;
        foreach (var c in text)
        {
            letter |= char.IsAsciiLetter(c);
            digit |= char.IsAsciiDigit(c);
        }

        return letter && digit;
    }

    [GeneratedRegex(@"PRIVATE KEY|sk-|gh[pousr]_|github_pat_|AKIA|ASIA|xox[abposr]-|AIza|eyJ|[Bb]earer|://[^/\s:@]+:[^/\s@]+@|(?i:key|secret|token|passw|pwd)", RegexOptions.CultureInvariant)]
    private static partial Regex Hints();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$")]
    private static partial Regex DottedIdentifier();

    [GeneratedRegex("""
        (?<pem>-----BEGIN[ A-Z0-9]*PRIVATE\x20KEY-----(?:[\s\S]*?-----END[ A-Z0-9]*PRIVATE\x20KEY-----|(?:[\s>]*[A-Za-z0-9+/=]{16,})*))
        |(?<anthropic>\bsk-ant-[A-Za-z0-9_-]{20,})
        |(?<openai>\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,})
        |(?<github>\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}))
        |(?<aws>\b(?:AKIA|ASIA)[0-9A-Z]{16}\b)
        |(?<slack>\bxox[abposr]-[A-Za-z0-9-]{10,})
        |(?<google>\bAIza[0-9A-Za-z_-]{35})
        |(?<jwt>\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})
        |\b[Bb]earer[ \t]+(?<bearer>[A-Za-z0-9._~+/-]{20,}=*)
        |://[^/\s:@"']{1,64}:(?<url>[^/\s@"']{3,128})@
        |(?i:\b[A-Za-z0-9_-]*?(?:api[_-]?key|apikey|secret[_-]?key|secret|access[_-]?token|auth[_-]?token|refresh[_-]?token|client[_-]?secret|token|password|passwd|pwd))["']?[ \t]*[:=][ \t]*(?<assign>"[^"\s]{8,512}"|'[^'\s]{8,512}'|[^\s"',;]{8,512})
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex Secrets();
}
