namespace Martin360.Analysis.Text;

/// <summary>Classifies paths as written in traces. Order matters: a migration under tests/ is still a migration.</summary>
public static class PathCategories
{
    private static readonly HashSet<string> s_lockfiles = new(StringComparer.OrdinalIgnoreCase)
    {
        "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "poetry.lock", "pipfile.lock", "cargo.lock", "go.sum", "gemfile.lock",
        "composer.lock", "packages.lock.json", "uv.lock", "bun.lockb", "bun.lock", "flake.lock", "mix.lock", "pubspec.lock",
    };

    private static readonly HashSet<string> s_configs = new(StringComparer.OrdinalIgnoreCase)
    {
        "pyproject.toml", "setup.cfg", "tox.ini", "pytest.ini", "mypy.ini", ".flake8", "ruff.toml", ".ruff.toml", "conftest.py",
        "package.json", "tsconfig.json", ".editorconfig", ".pre-commit-config.yaml", "directory.build.props", "directory.packages.props",
        "global.json", ".babelrc", "cargo.toml", "go.mod", "gemfile", "requirements.txt", "requirements-dev.txt", "pipfile", ".coveragerc",
        "dockerfile", "docker-compose.yml", "docker-compose.yaml", "makefile", "cmakelists.txt", ".env",
    };

    private static readonly string[] s_configPrefixes =
    [
        ".eslintrc", ".prettierrc", "tsconfig.", "jest.config.", "vitest.config.", "babel.config.", "webpack.config.", "vite.config.",
        "karma.conf.", ".stylelintrc", "rollup.config.", "next.config.", ".env.",
    ];

    private static readonly string[] s_ciMarkers =
    [
        ".github/workflows/", ".gitlab-ci.yml", ".circleci/", "jenkinsfile", "azure-pipelines", ".buildkite/", ".travis.yml",
        "bitbucket-pipelines.yml", ".drone.yml", ".ci/", "appveyor.yml",
    ];

    private static readonly string[] s_migrationMarkers = ["/migrations/", "alembic/versions/", "db/migrate/", "/migration/"];

    private static readonly HashSet<string> s_testDirectories = new(StringComparer.OrdinalIgnoreCase)
    {
        "test", "tests", "__tests__", "spec", "specs", "testing", "test_utils",
    };

    public static PathCategory Of(string path)
    {
        var normalised = "/" + PathText.Normalise(path).ToLowerInvariant();
        var name = PathText.FileName(normalised);
        if (s_lockfiles.Contains(name))
        {
            return PathCategory.Lockfile;
        }

        if (s_ciMarkers.Any(m => normalised.Contains(m, StringComparison.Ordinal)))
        {
            return PathCategory.CiFile;
        }

        if (s_migrationMarkers.Any(m => normalised.Contains(m, StringComparison.Ordinal)))
        {
            return PathCategory.Migration;
        }

        if (IsTest(normalised, name))
        {
            return PathCategory.Test;
        }

        if (s_configs.Contains(name) || s_configPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal))
            || name.EndsWith(".csproj", StringComparison.Ordinal))
        {
            return PathCategory.Config;
        }

        return PathCategory.None;
    }

    public static bool IsTest(string path) => Of(path) == PathCategory.Test;

    private static bool IsTest(string normalised, string name)
    {
        if (name == "conftest.py")
        {
            return false;
        }

        if (name.StartsWith("test_", StringComparison.Ordinal) || name.Contains("_test.", StringComparison.Ordinal)
            || name.Contains(".test.", StringComparison.Ordinal) || name.Contains(".spec.", StringComparison.Ordinal)
            || name.Contains("tests.cs", StringComparison.Ordinal) || name.EndsWith("test.cs", StringComparison.Ordinal)
            || name.EndsWith("test.java", StringComparison.Ordinal) || name.EndsWith("tests.java", StringComparison.Ordinal)
            || name.EndsWith("_spec.rb", StringComparison.Ordinal))
        {
            return true;
        }

        var segments = normalised.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (s_testDirectories.Contains(segments[i]) || segments[i].EndsWith(".tests", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
