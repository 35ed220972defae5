using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters.Shared;

namespace Martin360.Ingest.Tests.Adapters;

public sealed class ShellCommandClassifierTests
{
    [Theory]
    [InlineData("cat django/utils/dateparse.py", StepKind.FileRead, "read:django/utils/dateparse.py")]
    [InlineData("nl -ba django/contrib/sitemaps/__init__.py | sed -n '150,180p'", StepKind.FileRead, "read:django/contrib/sitemaps/__init__.py")]
    [InlineData("sed -n '10,20p' src/app.py", StepKind.FileRead, "read:src/app.py")]
    [InlineData("head -n 40 setup.py", StepKind.FileRead, "read:setup.py")]
    [InlineData("cd /testbed && cat a.py b.py", StepKind.FileRead, "read:a.py,read:b.py")]
    [InlineData("sed -i 's/a/b/' src/app.py", StepKind.FileEdit, "edit:src/app.py")]
    [InlineData("sed -i.bak -e 's/a/b/' -e 's/c/d/' x.py y.py", StepKind.FileEdit, "edit:x.py,edit:y.py")]
    [InlineData("cat <<'EOF' > reproduce.py\nimport x\nprint(x > 1)\nEOF", StepKind.FileEdit, "edit:reproduce.py")]
    [InlineData("cat >> notes.txt << EOF\nmore\nEOF", StepKind.FileEdit, "edit:notes.txt")]
    [InlineData("echo \"int main() { return 0; }\" > /workspace/test.c", StepKind.FileEdit, "edit:/workspace/test.c")]
    [InlineData("printf 'x' | tee out.txt", StepKind.FileEdit, "edit:out.txt")]
    [InlineData("python3 - <<'PY'\nwith open('conf.py', 'w') as f:\n    f.write('x')\nPY", StepKind.FileEdit, "edit:conf.py")]
    [InlineData("python -c \"from pathlib import Path; Path('a.txt').write_text('hi')\"", StepKind.FileEdit, "edit:a.txt")]
    [InlineData("touch LICENSE", StepKind.FileCreate, "create:LICENSE")]
    [InlineData("grep -rn \"def parse\" src", StepKind.Search, "")]
    [InlineData("find . -name '*.py' | xargs grep -l parse_duration", StepKind.Search, "")]
    [InlineData("ls -la tests/", StepKind.Search, "")]
    [InlineData("git grep -n foo", StepKind.Search, "")]
    [InlineData("pytest -q tests/test_x.py", StepKind.ShellCommand, "")]
    [InlineData("python -m pytest tests 2>&1 | tail -n 20", StepKind.ShellCommand, "")]
    [InlineData("cd /testbed && python3 tests/runtests.py utils_tests.test_dateparse", StepKind.ShellCommand, "")]
    [InlineData("python reproduce.py > out.log 2>&1", StepKind.ShellCommand, "")]
    [InlineData("timeout 60 go test ./...", StepKind.ShellCommand, "")]
    [InlineData("FOO=1 cargo test --release", StepKind.ShellCommand, "")]
    [InlineData("rm reproduce.py tests/tmp_test.py", StepKind.ShellCommand, "delete:reproduce.py,delete:tests/tmp_test.py")]
    [InlineData("sed -i 's/x/y/' a.py && python a.py", StepKind.ShellCommand, "edit:a.py")]
    [InlineData("cat a.py | python -c 'import sys; print(len(sys.stdin.read()))'", StepKind.ShellCommand, "")]
    [InlineData("echo hello", StepKind.ShellCommand, "")]
    [InlineData("", StepKind.ShellCommand, "")]
    public void Classify_Command_GivesKindAndFiles(string command, StepKind kind, string files)
    {
        var result = ShellCommandClassifier.Classify(command);

        Assert.Equal(kind, result.Kind);
        Assert.Equal(files, string.Join(",", result.Files.Select(f => f.Action.ToString().ToLowerInvariant() + ":" + f.Path)));
    }

    [Theory]
    [InlineData("with open(\"out/result.json\", \"w\") as f: json.dump(x, f)", "out/result.json")]
    [InlineData("open('log.txt', mode='a').write('x')", "log.txt")]
    [InlineData("data = open('input.txt').read()", "")]
    [InlineData("with open('in.txt', 'r') as f: pass", "")]
    public void PythonWrites_Code_FindsLiteralPathsOpenedForWriting(string code, string expected)
    {
        Assert.Equal(expected, string.Join(",", ShellCommandClassifier.PythonWrites(code)));
    }
}
