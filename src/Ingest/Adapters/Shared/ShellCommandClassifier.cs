using System.Text.RegularExpressions;
using Martin360.Analysis.Model;

namespace Martin360.Ingest.Adapters.Shared;

/// <summary>
/// Classifies a shell command line an agent ran: reading files (cat, head, sed -n), changing them (sed -i,
/// cat/echo &gt; file, tee, Python writing a literal path), searching (grep, find, ls), or running something.
/// Used by the adapters of agents that act through a shell (SWE-agent, mini-swe-agent, OpenHands).
/// Anything that runs a program (tests, scripts, builds) stays a ShellCommand, even when it also edits, so a
/// verifier recognizer sees every command. Files are kept as the command wrote them.
/// </summary>
public static partial class ShellCommandClassifier
{
    private enum Effect
    {
        None,
        Read,
        Search,
        Change,
        Run,
    }

    private static readonly HashSet<string> s_neutral = new(StringComparer.Ordinal)
    {
        "cd", "pushd", "popd", "export", "source", ".", "set", "unset", "true", "false", "pwd", "echo", "printf",
        "wc", "sort", "uniq", "cut", "tr", "clear", "sleep", "which", "type", "alias", "xargs", "exit", "column",
        "diff", "cmp", "file", "stat", "du", "df", "env", "date", "whoami", "realpath", "dirname", "basename",
    };

    private static readonly HashSet<string> s_readers = new(StringComparer.Ordinal)
    {
        "cat", "nl", "head", "tail", "less", "more", "bat", "batcat", "view",
    };

    private static readonly HashSet<string> s_searchers = new(StringComparer.Ordinal)
    {
        "grep", "egrep", "fgrep", "rg", "ag", "ack", "find", "ls", "tree", "locate", "fd", "fdfind", "ll",
    };

    private static readonly HashSet<string> s_prefixes = new(StringComparer.Ordinal)
    {
        "sudo", "time", "nohup", "command", "exec", "builtin", "stdbuf", "nice",
    };

    /// <summary>Classifies a whole command line (it may hold several commands and here-documents).</summary>
    public static ShellClassification Classify(string? command)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            return ShellClassification.Shell;
        }

        var parse = ShellLexer.Parse(command);
        var touches = new List<FileTouch>();
        var reads = new List<FileTouch>();
        var effects = new HashSet<Effect>();
        var hereDocument = 0;
        foreach (var segment in parse.Segments)
        {
            var hasHereDocument = segment.Words.Any(w => w.Redirect == "<<");
            var body = hasHereDocument && hereDocument < parse.HereDocuments.Count ? parse.HereDocuments[hereDocument] : null;
            if (hasHereDocument)
            {
                hereDocument++;
            }

            effects.Add(ClassifySegment(segment, body, touches, reads));
        }

        var changes = Distinct(touches);
        if (effects.Contains(Effect.Run))
        {
            return new ShellClassification(StepKind.ShellCommand, changes);
        }

        if (changes.Any(t => t.Action is FileAction.Edit or FileAction.Create))
        {
            var kind = changes.Any(t => t.Action == FileAction.Edit) ? StepKind.FileEdit : StepKind.FileCreate;
            return new ShellClassification(kind, changes);
        }

        if (changes.Count > 0)
        {
            return new ShellClassification(StepKind.ShellCommand, changes);
        }

        if (reads.Count > 0)
        {
            return new ShellClassification(StepKind.FileRead, Distinct(reads));
        }

        return effects.Contains(Effect.Search) ? new ShellClassification(StepKind.Search, []) : ShellClassification.Shell;
    }

    /// <summary>The literal paths a piece of Python code opens for writing (open('x', 'w'), Path('x').write_text(...)).</summary>
    public static IReadOnlyList<string> PythonWrites(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return [];
        }

        var paths = new List<string>();
        foreach (Match match in PythonOpenForWrite().Matches(code))
        {
            if (match.Groups["mode"].Value.IndexOfAny(['w', 'a', 'x', '+']) >= 0)
            {
                paths.Add(match.Groups["path"].Value);
            }
        }

        foreach (Match match in PythonPathWrite().Matches(code))
        {
            paths.Add(match.Groups["path"].Value);
        }

        return paths.Distinct(StringComparer.Ordinal).ToArray();
    }

    private static Effect ClassifySegment(ShellSegment segment, string? hereDocument, List<FileTouch> changes, List<FileTouch> reads)
    {
        var args = StripPrefixes(segment.Arguments.ToList());
        if (args.Count == 0)
        {
            return Effect.None;
        }

        var name = Path.GetFileName(args[0]);
        var rest = args.Skip(1).ToList();
        var targets = segment.OutputTargets.ToList();
        var positional = rest.Where(a => !a.StartsWith('-')).ToList();

        if (s_readers.Contains(name) || name is "echo" or "printf")
        {
            if (targets.Count > 0)
            {
                changes.AddRange(targets.Select(t => new FileTouch(t, FileAction.Edit)));
                return Effect.Change;
            }

            if (!s_readers.Contains(name) || (segment.PipedInto && positional.Count == 0))
            {
                return Effect.None;
            }

            reads.AddRange(ReaderFiles(name, rest).Select(f => new FileTouch(f, FileAction.Read)));
            return Effect.Read;
        }

        switch (name)
        {
            case "sed":
                return Sed(rest, targets, segment.PipedInto, changes, reads);
            case "perl" when rest.Any(IsInPlaceFlag):
                changes.AddRange(PerlFiles(rest).Select(f => new FileTouch(f, FileAction.Edit)));
                return Effect.Change;
            case "tee":
                changes.AddRange(positional.Concat(targets).Select(f => new FileTouch(f, FileAction.Edit)));
                return Effect.Change;
            case "touch":
                changes.AddRange(positional.Select(f => new FileTouch(f, FileAction.Create)));
                return Effect.Change;
            case "rm" or "unlink":
                changes.AddRange(positional.Select(f => new FileTouch(f, FileAction.Delete)));
                return Effect.Change;
            case "git":
                return positional.FirstOrDefault() is "grep" or "ls-files" ? Effect.Search : Effect.Run;
        }

        if (IsPython(name))
        {
            var inline = InlineCode(rest);
            var writes = PythonWrites(hereDocument).Concat(PythonWrites(inline)).Distinct(StringComparer.Ordinal).ToList();
            var runsScript = hereDocument is null && inline is null;
            if (writes.Count > 0 && !runsScript)
            {
                changes.AddRange(writes.Select(f => new FileTouch(f, FileAction.Edit)));
                return Effect.Change;
            }

            return Effect.Run;
        }

        if (s_searchers.Contains(name))
        {
            // "... | grep x" filters a pipe; it searches nothing by itself.
            return segment.PipedInto && positional.Count <= 1 && name is not ("find" or "ls") ? Effect.None : Effect.Search;
        }

        if (s_neutral.Contains(name) || (name is "awk" or "gawk" && segment.PipedInto))
        {
            return Effect.None;
        }

        if (targets.Count > 0 && name is "awk" or "gawk")
        {
            changes.AddRange(targets.Select(t => new FileTouch(t, FileAction.Edit)));
            return Effect.Change;
        }

        return Effect.Run;
    }

    private static Effect Sed(List<string> args, List<string> targets, bool pipedInto, List<FileTouch> changes, List<FileTouch> reads)
    {
        var files = new List<string>();
        var hasScript = false;
        var inPlace = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-e" or "-f" or "--expression" or "--file")
            {
                hasScript = true;
                i++;
            }
            else if (arg.StartsWith("--expression=", StringComparison.Ordinal) || arg.StartsWith("--file=", StringComparison.Ordinal))
            {
                hasScript = true;
            }
            else if (arg.StartsWith('-') && arg.Length > 1)
            {
                inPlace |= IsInPlaceFlag(arg);
            }
            else
            {
                files.Add(arg);
            }
        }

        if (!hasScript && files.Count > 0)
        {
            files.RemoveAt(0);
        }

        if (inPlace)
        {
            changes.AddRange(files.Select(f => new FileTouch(f, FileAction.Edit)));
            return Effect.Change;
        }

        if (targets.Count > 0)
        {
            changes.AddRange(targets.Select(t => new FileTouch(t, FileAction.Edit)));
            return Effect.Change;
        }

        if (files.Count == 0)
        {
            return pipedInto ? Effect.None : Effect.Run;
        }

        reads.AddRange(files.Select(f => new FileTouch(f, FileAction.Read)));
        return Effect.Read;
    }

    private static bool IsInPlaceFlag(string arg) =>
        arg == "--in-place" || arg.StartsWith("--in-place=", StringComparison.Ordinal)
        || (arg.Length > 1 && arg[0] == '-' && arg[1] != '-' && arg[1..].TakeWhile(char.IsAsciiLetter).Contains('i'));

    private static IEnumerable<string> PerlFiles(List<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith('-'))
            {
                // -e and -pe take the program as the next word.
                if (args[i].EndsWith('e'))
                {
                    i++;
                }

                continue;
            }

            yield return args[i];
        }
    }

    private static IEnumerable<string> ReaderFiles(string name, List<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith('-') || arg.StartsWith('+'))
            {
                // head -n 20, tail -c 100, nl -w 3: the next word is the option's value.
                if (arg.Length == 2 && name is "head" or "tail" or "nl" && char.IsAsciiLetter(arg[1]) && arg[1] is 'n' or 'c' or 'w' or 's' or 'v' or 'i' or 'b')
                {
                    i++;
                }

                continue;
            }

            yield return arg;
        }
    }

    private static string? InlineCode(List<string> args)
    {
        var index = args.IndexOf("-c");
        return index >= 0 && index + 1 < args.Count ? args[index + 1] : null;
    }

    private static bool IsPython(string name) =>
        name is "python" or "python3" or "py" or "ipython" || (name.StartsWith("python3.", StringComparison.Ordinal) && name.Length <= 10);

    private static List<string> StripPrefixes(List<string> args)
    {
        var i = 0;
        while (i < args.Count)
        {
            var arg = args[i];
            if (s_prefixes.Contains(arg) || IsAssignment(arg))
            {
                i++;
            }
            else if (arg == "timeout")
            {
                // timeout [-s SIGNAL] DURATION command
                i++;
                while (i < args.Count && args[i].StartsWith('-'))
                {
                    i++;
                }

                i++;
            }
            else
            {
                break;
            }
        }

        return i == 0 ? args : args.Skip(i).ToList();
    }

    private static bool IsAssignment(string word)
    {
        var eq = word.IndexOf('=');
        return eq > 0 && word[..eq].All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(word[0]);
    }

    private static IReadOnlyList<FileTouch> Distinct(List<FileTouch> touches) => touches.Distinct().ToArray();

    [GeneratedRegex("""open\(\s*[rRbBuUfF]{0,2}(?<q>['"])(?<path>[^'"\n]+)\k<q>\s*,\s*(?:mode\s*=\s*)?[rRbBuUfF]{0,2}(?<q2>['"])(?<mode>[^'"\n]*)\k<q2>""")]
    private static partial Regex PythonOpenForWrite();

    [GeneratedRegex("""Path\(\s*[rRfF]?(?<q>['"])(?<path>[^'"\n]+)\k<q>\s*\)\.write_(?:text|bytes)\(""")]
    private static partial Regex PythonPathWrite();
}
