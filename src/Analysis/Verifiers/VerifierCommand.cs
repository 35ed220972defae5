using System.Buffers;
using System.Text.RegularExpressions;

namespace Martin360.Analysis.Verifiers;

/// <summary>
/// Decides from a shell command line alone whether it runs a verifier, and which one.
/// Judged by the program each command segment runs, never by words anywhere in the line,
/// so that "pip install pytest", "cat test_x.py" or "grep test" are not mistaken for test runs.
/// </summary>
internal static partial class VerifierCommand
{
    /// <summary>Frameworks that only wrap another runner: the output names the real one.</summary>
    internal static readonly HashSet<string> Wrappers = new(StringComparer.Ordinal)
    {
        "npm test", "pnpm test", "yarn test", "bun test", "tox", "nox", "make", "script",
    };

    // Programs that only show, search or move text: their output may quote a test summary without running anything.
    private static readonly HashSet<string> s_viewers = new(StringComparer.Ordinal)
    {
        "cat", "less", "more", "head", "tail", "grep", "egrep", "fgrep", "rg", "ag", "sed", "awk", "echo", "printf",
        "find", "ls", "git", "pip", "pip3", "uv", "apt", "apt-get", "brew", "diff", "wc", "sort", "tee", "open",
        "vim", "vi", "nano", "code", "str_replace_editor", "bat", "nl", "jq", "curl", "wget",
    };

    // Type checkers and linters that check whatever they are pointed at.
    private static readonly HashSet<string> s_checkers = new(StringComparer.Ordinal)
    {
        "tsc", "vue-tsc", "eslint", "tslint", "stylelint", "flake8", "pylint", "mypy", "pyright", "pyflakes", "golangci-lint", "shellcheck", "hadolint",
    };

    // Prefixes that run the real command after them.
    private static readonly HashSet<string> s_launchers = new(StringComparer.Ordinal)
    {
        "sudo", "time", "env", "nice", "nohup", "xvfb-run", "command", "exec", "npx", "bunx", "pnpx", "stdbuf",
    };

    // Every program a segment can be classified by once its prefixes are skipped (see ClassifySegment and Checker);
    // python3.x and project scripts are matched by pattern.
    private static readonly HashSet<string> s_classified = new(StringComparer.Ordinal)
    {
        "pytest", "py.test", "jest", "vitest", "mocha", "tox", "nox", "go", "cargo", "dotnet", "mvn", "mvnw", "gradle", "gradlew",
        "npm", "pnpm", "yarn", "bun", "make", "cmake", "bash", "sh", "zsh", "ruff", "biome", "black", "prettier",
    };

    private static readonly SearchValues<char> s_separatorStarts = SearchValues.Create("&|;\n");

    private static readonly SearchValues<char> s_wordBreaks = SearchValues.Create(" \t\r\n");

    private static readonly char[] s_tokenSeparators = [' ', '\t', '\r', '\n'];

    // Programs SkipPrefixes may step over to reach the real command.
    private static readonly HashSet<string> s_prefixPrograms = new(StringComparer.Ordinal)
    {
        "timeout", "uv", "poetry", "pipenv", "pdm", "hatch", "rye", "pnpm", "yarn",
    };

    /// <summary>The framework the command runs, or null when it runs no verifier.</summary>
    public static string? Classify(string? command)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            return null;
        }

        var segments = new SegmentReader(command);
        while (segments.Next(out var segment))
        {
            // Most segments (a heredoc's lines, plain shell) start with a program no verifier is: their words are never split.
            if (!MayClassify(segment))
            {
                continue;
            }

            var framework = ClassifySegment(Tokens(segment.ToString()));
            if (framework is not null)
            {
                return framework;
            }
        }

        return null;
    }

    /// <summary>True when the command's first program only displays or searches text (cat, grep, git, ...).</summary>
    public static bool IsViewer(string? command)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            return false;
        }

        var segments = new SegmentReader(command);
        while (segments.Next(out var segment))
        {
            var first = FirstWord(segment);
            if (first.IsEmpty)
            {
                continue;
            }

            var program = Program(first);
            if (program is not "cd")
            {
                return s_viewers.GetAlternateLookup<ReadOnlySpan<char>>().Contains(program);
            }
        }

        return true;
    }

    private static ReadOnlySpan<char> FirstWord(ReadOnlySpan<char> segment)
    {
        var start = segment.IndexOfAnyExcept(s_wordBreaks);
        if (start < 0)
        {
            return default;
        }

        var word = segment[start..];
        var end = word.IndexOfAny(s_wordBreaks);
        return end < 0 ? word : word[..end];
    }

    /// <summary>
    /// Whether <see cref="ClassifySegment"/> could name a framework for the segment, judged by its first word alone:
    /// a prefix to skip (an assignment, a launcher, "(") or a program it knows.
    /// </summary>
    private static bool MayClassify(ReadOnlySpan<char> segment)
    {
        var first = FirstWord(segment);
        if (first.IsEmpty)
        {
            return false;
        }

        var program = Program(first);
        return EnvAssignment().IsMatch(first) || first is "("
            || s_launchers.GetAlternateLookup<ReadOnlySpan<char>>().Contains(program)
            || s_prefixPrograms.GetAlternateLookup<ReadOnlySpan<char>>().Contains(program)
            || s_classified.GetAlternateLookup<ReadOnlySpan<char>>().Contains(program)
            || s_checkers.GetAlternateLookup<ReadOnlySpan<char>>().Contains(program)
            || program.StartsWith("python", StringComparison.Ordinal)
            || ScriptName().IsMatch(program);
    }

    private static string? ClassifySegment(List<string> tokens)
    {
        var i = SkipPrefixes(tokens);
        if (i >= tokens.Count)
        {
            return null;
        }

        var program = Program(tokens[i]);
        var rest = tokens.Skip(i + 1).ToList();
        switch (program)
        {
            case "pytest" or "py.test":
                return "pytest";
            case "jest" or "vitest" or "mocha":
                return program;
            case "tox":
                return "tox";
            case "nox":
                return "nox";
            case "go":
                return First(rest) switch
                {
                    "test" => "go test",
                    "build" or "vet" => "go " + rest[0],
                    _ => null,
                };
            case "cargo":
                return First(rest) switch
                {
                    "test" or "nextest" => "cargo test",
                    "build" or "check" or "clippy" => "cargo " + rest[0],
                    _ => null,
                };
            case "dotnet":
                return First(rest) switch
                {
                    "test" or "vstest" => "dotnet test",
                    "build" => "dotnet build",
                    _ => null,
                };
            case "mvn" or "mvnw":
                return ClassifyMaven(rest);
            case "gradle" or "gradlew":
                return rest.Any(t => t is "test" or "check" or "build" || t.EndsWith(":test", StringComparison.Ordinal)) ? "gradle"
                    : rest.Any(t => t is "assemble" or "compileJava" or "compileKotlin" or "compileTestJava") ? "gradle build"
                    : null;
            case "npm" or "pnpm" or "yarn" or "bun":
                return IsPackageTest(rest) ? program + " test" : PackageBuildScript(program, rest);
            case "make":
                // A dry run (-n) or question (-q) only prints or tests what would be built.
                return rest.Any(t => t is "-n" or "--dry-run" or "--just-print" or "--recon" or "-q" or "--question") ? null
                    : IsMakeCheck(rest) ? "make" : IsMakeBuild(rest) ? "make build" : null;
            case "cmake":
                return rest.Contains("--build") ? "cmake build" : null;
            case "bash" or "sh" or "zsh":
                return rest.Count > 0 && !rest[0].StartsWith('-') ? ScriptFramework(Program(rest[0])) : null;
        }

        if (program.StartsWith("python", StringComparison.Ordinal) && PythonVersion().IsMatch(program))
        {
            return ClassifyPython(rest);
        }

        return Checker(program, rest) ?? ScriptFramework(program);
    }

    /// <summary>
    /// Type checkers, linters and format checks run as a program: a build-time verifier even though no test runs.
    /// Asking one for its version, help or a starter config checks nothing.
    /// </summary>
    private static string? Checker(string program, List<string> rest)
    {
        if (rest.Any(t => t is "--version" or "-v" or "-V" or "--help" or "-h" or "--init" or "--watch" or "-w"))
        {
            return null;
        }

        return program switch
        {
            _ when s_checkers.Contains(program) => program,
            "ruff" => First(rest) == "check" ? "ruff" : null,
            "biome" => First(rest) is "check" or "lint" or "ci" ? "biome" : null,
            "black" or "prettier" => rest.Any(t => t is "--check" or "-c") ? program : null,
            _ => null,
        };
    }

    /// <summary>A build, type check or lint rather than a test run: it says nothing about tests, only whether the code compiles.</summary>
    internal static bool IsBuild(string? framework) =>
        framework is not null && (framework.EndsWith(" build", StringComparison.Ordinal) || framework.Contains(" run ", StringComparison.Ordinal)
            || framework is "go vet" or "cargo check" or "cargo clippy" or "ruff" or "biome" or "black" or "prettier" or "py_compile" or "compileall"
            || s_checkers.Contains(framework));

    private static string? ClassifyMaven(List<string> rest)
    {
        var skipsTests = rest.Any(t => t.StartsWith("-DskipTests", StringComparison.Ordinal) || t.StartsWith("-Dmaven.test.skip", StringComparison.Ordinal));
        if (!skipsTests && rest.Any(t => t is "test" or "verify" or "install" || t.StartsWith("surefire:test", StringComparison.Ordinal)))
        {
            return "maven";
        }

        // Compiling or packaging without the tests still fails on every compile error.
        return rest.Any(t => t is "compile" or "test-compile" or "package" or "verify" or "install") ? "maven build" : null;
    }

    private static bool IsMakeCheck(List<string> rest) =>
        rest.Any(t => !t.StartsWith('-') && (t.StartsWith("test", StringComparison.Ordinal) || t is "check"));

    /// <summary>`make`, `make -j8`, `make all`, `make build`: the project's build (not install, clean or other chores).</summary>
    private static bool IsMakeBuild(List<string> rest)
    {
        var targets = rest.Where(t => !t.StartsWith('-') && !t.Contains('=') && !char.IsDigit(t[0])).ToList();
        return targets.Count == 0 || targets.All(t => t is "all" or "build" or "compile");
    }

    /// <summary>`npm run build`, `yarn lint`, `pnpm run typecheck`: a package script that builds or checks.</summary>
    private static string? PackageBuildScript(string program, List<string> rest)
    {
        var args = rest.Where(t => !t.StartsWith('-')).ToList();
        if (args.Count == 0)
        {
            return null;
        }

        // npm needs "run"; yarn, pnpm and bun also run scripts by name.
        var script = args[0] is "run" or "run-script" ? args.Skip(1).FirstOrDefault() : program == "npm" ? null : args[0];
        return script is not null && BuildScript().IsMatch(script) ? $"{program} run {script}" : null;
    }

    private static string? ClassifyPython(List<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "-m")
            {
                return (i + 1 < args.Count ? args[i + 1] : null) switch
                {
                    "pytest" or "py.test" => "pytest",
                    "unittest" => "unittest",
                    "tox" => "tox",
                    "django" when args.Skip(i + 2).FirstOrDefault() == "test" => "django",
                    "py_compile" or "compileall" => args[i + 1],
                    { } module => Checker(module, args.Skip(i + 2).ToList()),
                    _ => null,
                };
            }

            if (arg is "-c")
            {
                return null;
            }

            // Options taking a value: -W ignore, -X dev.
            if (arg is "-W" or "-X")
            {
                i++;
                continue;
            }

            if (arg.StartsWith('-'))
            {
                continue;
            }

            var script = Program(arg);
            if (script == "runtests.py" || (script == "manage.py" && args.Skip(i + 1).FirstOrDefault() == "test"))
            {
                return "django";
            }

            return ScriptFramework(script);
        }

        return null;
    }

    /// <summary>A project's own reproduction or test script run directly.</summary>
    private static string? ScriptFramework(string program) =>
        ScriptName().IsMatch(program) ? (program == "runtests.py" ? "django" : "script") : null;

    private static bool IsPackageTest(List<string> rest)
    {
        var i = 0;
        while (i < rest.Count && rest[i].StartsWith('-'))
        {
            i++;
        }

        if (i >= rest.Count)
        {
            return false;
        }

        var verb = rest[i];
        if (verb is "test" or "t" or "tst")
        {
            return true;
        }

        if (verb is "run" or "run-script")
        {
            var script = rest.Skip(i + 1).FirstOrDefault(t => !t.StartsWith('-'));
            return script is not null && (script.StartsWith("test", StringComparison.Ordinal) || script.StartsWith("check", StringComparison.Ordinal));
        }

        // yarn and pnpm run scripts without "run": "yarn test:unit".
        return verb.StartsWith("test:", StringComparison.Ordinal);
    }

    private static int SkipPrefixes(List<string> tokens)
    {
        var i = 0;
        while (i < tokens.Count)
        {
            var token = tokens[i];
            var program = Program(token);
            if (EnvAssignment().IsMatch(token) || s_launchers.Contains(program) || token.StartsWith('(') && token.Length == 1)
            {
                i++;
            }
            else if (program == "timeout")
            {
                i++;
                while (i < tokens.Count && (tokens[i].StartsWith('-') || char.IsDigit(tokens[i][0])))
                {
                    i++;
                }
            }
            else if (program is "uv" or "poetry" or "pipenv" or "pdm" or "hatch" or "rye" && First(tokens.Skip(i + 1).ToList()) == "run")
            {
                i += 2;
            }
            else if (program is "pnpm" or "yarn" && First(tokens.Skip(i + 1).ToList()) is "exec" or "dlx")
            {
                i += 2;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private static string? First(List<string> tokens) => tokens.Count > 0 ? tokens[0] : null;

    /// <summary>The program name without its directory: ./node_modules/.bin/jest is jest.</summary>
    private static string Program(string token) => Program(token.AsSpan()).ToString();

    private static ReadOnlySpan<char> Program(ReadOnlySpan<char> token)
    {
        var trimmed = token.Trim("\"'()");
        var slash = trimmed.LastIndexOfAny('/', '\\');
        return slash >= 0 ? trimmed[(slash + 1)..] : trimmed;
    }

    private static List<string> Tokens(string segment) =>
        segment.Split(s_tokenSeparators, StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>
    /// The command's segments, as splitting at "&amp;&amp;", "||", ";", "|" and newlines gives them ("&amp;&amp;" and "||"
    /// before a single "|"; empty segments included).
    /// </summary>
    private ref struct SegmentReader(ReadOnlySpan<char> text)
    {
        private ReadOnlySpan<char> _rest = text;
        private bool _done;

        public bool Next(out ReadOnlySpan<char> segment)
        {
            segment = default;
            if (_done)
            {
                return false;
            }

            var from = 0;
            while (true)
            {
                var found = _rest[from..].IndexOfAny(s_separatorStarts);
                if (found < 0)
                {
                    segment = _rest;
                    _done = true;
                    return true;
                }

                var i = from + found;
                var c = _rest[i];
                var doubled = i + 1 < _rest.Length && _rest[i + 1] == c;
                if (c == '&' && !doubled)
                {
                    // A single '&' (background, redirect) separates nothing.
                    from = i + 1;
                    continue;
                }

                var length = c is '&' or '|' && doubled ? 2 : 1;
                segment = _rest[..i];
                _rest = _rest[(i + length)..];
                return true;
            }
        }
    }

    [GeneratedRegex(@"^(build|compile|lint|typecheck|type-check|tsc|check-types|types)(:[\w:-]+)?$")]
    private static partial Regex BuildScript();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*=")]
    private static partial Regex EnvAssignment();

    [GeneratedRegex(@"^python(\d+(\.\d+)?)?$")]
    private static partial Regex PythonVersion();

    [GeneratedRegex(@"^(repro[\w.-]*\.py|reproduce[\w.-]*\.py|test_[\w.-]*\.py|[\w.-]+_test\.py|tests?\.py|runtests\.py|run_?tests?[\w.-]*\.(sh|py)|run-tests?[\w.-]*\.sh|test[\w-]*\.sh)$")]
    private static partial Regex ScriptName();
}
