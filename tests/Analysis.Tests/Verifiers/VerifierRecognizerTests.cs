using Martin360.Analysis.Model;
using Martin360.Analysis.Verifiers;

namespace Martin360.Analysis.Tests.Verifiers;

public sealed class VerifierRecognizerTests
{
    private static Step Shell(string command, string? output, int? exitCode = null) => new()
    {
        Id = "s1",
        Sequence = 1,
        Kind = StepKind.ShellCommand,
        Command = command,
        Output = output,
        ExitCode = exitCode,
    };

    private static VerifierResult Recognized(string command, string? output, int? exitCode = null)
    {
        var step = VerifierRecognizer.Enrich(Shell(command, output, exitCode));
        Assert.Equal(StepKind.VerifierRun, step.Kind);
        Assert.Equal(command, step.Command);
        Assert.Equal(exitCode, step.ExitCode);
        return Assert.IsType<VerifierResult>(step.Verifier);
    }

    private static void AssertSummary(VerifierResult result, string framework, int passed, int failed, bool success, int? skipped = null, string[]? failing = null)
    {
        Assert.Equal(framework, result.Framework);
        Assert.Equal(passed, result.Passed);
        Assert.Equal(failed, result.Failed);
        Assert.Equal(success, result.Success);
        if (skipped is not null)
        {
            Assert.Equal(skipped, result.Skipped);
        }

        Assert.Equal(failing ?? [], result.FailingTests);
    }

    [Fact]
    public void Enrich_PytestFailingRun_CountsAndNamesFailures()
    {
        const string output = """
            ============================= test session starts ==============================
            platform linux -- Python 3.11.4, pytest-7.4.0, pluggy-1.2.0
            collected 14 items

            tests/test_app.py ..F.......s.F.                                           [100%]

            =================================== FAILURES ===================================
            ___________________________________ test_y ____________________________________
            E       AssertionError: assert 1 == 2
            =========================== short test summary info ============================
            FAILED tests/test_app.py::test_y - AssertionError: assert 1 == 2
            FAILED tests/test_app.py::TestThing::test_z[param-1] - KeyError: 'x'
            ============== 2 failed, 11 passed, 1 skipped, 3 warnings in 1.23s ==============
            """;

        var result = Recognized("cd /repo && python -m pytest tests/test_app.py -x", output, 1);

        AssertSummary(result, "pytest", passed: 11, failed: 2, success: false, skipped: 1, failing: ["tests/test_app.py::test_y", "tests/test_app.py::TestThing::test_z[param-1]"]);
    }

    [Fact]
    public void Enrich_PytestQuietPassingRun_IsSuccess()
    {
        var result = Recognized("pytest -q", "..........                                   [100%]\n10 passed in 0.42s\n", 0);

        Assert.Equal(10, result.Passed);
        Assert.Equal(0, result.Failed);
        Assert.True(result.Success);
    }

    [Fact]
    public void Enrich_PytestCollectionErrors_CountAsFailures()
    {
        const string output = """
            ==================================== ERRORS ====================================
            ERROR tests/test_broken.py::test_x - ImportError: cannot import name 'foo'
            =========================== 1 error in 0.12s ===========================
            """;

        var result = Recognized("uv run pytest", output);

        Assert.Equal(1, result.Failed);
        Assert.False(result.Success);
        Assert.Equal(["tests/test_broken.py::test_x"], result.FailingTests);
    }

    [Fact]
    public void Enrich_UnittestFailures_ReadsRanAndFailedLine()
    {
        const string output = """
            ..F.E
            ======================================================================
            ERROR: test_load (tests.test_io.IoTests.test_load)
            ----------------------------------------------------------------------
            Traceback (most recent call last):
              File "tests/test_io.py", line 12, in test_load
            ValueError: bad
            ======================================================================
            FAIL: test_parse (tests.test_parser.ParserTests)
            ----------------------------------------------------------------------
            AssertionError: 3 != 4
            ----------------------------------------------------------------------
            Ran 5 tests in 0.004s

            FAILED (failures=1, errors=1)
            """;

        var result = Recognized("python3 -m unittest discover -s tests", output, 1);

        AssertSummary(result, "unittest", passed: 3, failed: 2, success: false, failing: ["tests.test_io.IoTests.test_load", "tests.test_parser.ParserTests.test_parse"]);
    }

    [Fact]
    public void Enrich_DjangoRuntests_IsDjangoWithUnittestCounts()
    {
        const string output = """
            Testing against Django installed in '/testbed/django' with up to 4 processes
            System check identified no issues (0 silenced).
            ........s.
            ----------------------------------------------------------------------
            Ran 10 tests in 0.310s

            OK (skipped=1)
            """;

        var result = Recognized("./tests/runtests.py --verbosity 2 queries.test_q", output, 0);

        Assert.Equal("django", result.Framework);
        Assert.Equal(9, result.Passed);
        Assert.Equal(1, result.Skipped);
        Assert.True(result.Success);
    }

    [Fact]
    public void Enrich_JestFailure_ReadsTestsLineAndBullets()
    {
        const string output = """
            FAIL src/sum.test.js
              ● math › adds numbers

                expect(received).toBe(expected) // Object.is equality

            PASS src/other.test.js

            Test Suites: 1 failed, 1 passed, 2 total
            Tests:       1 failed, 4 passed, 5 total
            Snapshots:   0 total
            Time:        1.2 s
            """;

        var result = Recognized("npx jest", output, 1);

        AssertSummary(result, "jest", passed: 4, failed: 1, success: false, failing: ["math › adds numbers"]);
    }

    [Fact]
    public void Enrich_NpmTestRunningJest_NamesJestAsTheFramework()
    {
        var result = Recognized("npm test", "\u001b[1mTests:\u001b[22m       \u001b[32m6 passed\u001b[39m, 6 total\n", 0);

        Assert.Equal("jest", result.Framework);
        Assert.Equal(6, result.Passed);
        Assert.True(result.Success);
    }

    [Fact]
    public void Enrich_Vitest_ReadsPipeSeparatedCounts()
    {
        const string output = """
             FAIL  src/a.test.ts > parser > handles empty input
            AssertionError: expected '' to be 'x'

             Test Files  1 failed | 2 passed (3)
                  Tests  1 failed | 9 passed | 1 skipped (11)
            """;

        var result = Recognized("pnpm vitest run", output);

        Assert.Equal("vitest", result.Framework);
        Assert.Equal(9, result.Passed);
        Assert.Equal(1, result.Failed);
        Assert.Equal(1, result.Skipped);
        Assert.Equal(["src/a.test.ts > parser > handles empty input"], result.FailingTests);
    }

    [Fact]
    public void Enrich_Mocha_ReadsPassingFailingPending()
    {
        const string output = """
              Array
                ✓ returns -1 when missing
                1) finds the index


              3 passing (12ms)
              1 pending
              1 failing

              1) Array
                   finds the index:
                 AssertionError: expected 1 to equal 0
            """;

        var result = Recognized("mocha test/", output, 1);

        AssertSummary(result, "mocha", passed: 3, failed: 1, success: false, skipped: 1, failing: ["Array"]);
    }

    [Fact]
    public void Enrich_GoTest_ReadsFailLinesAndPackages()
    {
        const string output = """
            === RUN   TestParse
            --- PASS: TestParse (0.00s)
            === RUN   TestRender
                render_test.go:21: got "a", want "b"
            --- FAIL: TestRender (0.01s)
            FAIL
            FAIL	example.com/app/render	0.012s
            ok  	example.com/app/parse	0.004s
            """;

        var result = Recognized("go test -v ./...", output, 1);

        AssertSummary(result, "go test", passed: 1, failed: 1, success: false, failing: ["TestRender"]);
    }

    [Fact]
    public void Enrich_GoTestAllPackagesOk_IsSuccess()
    {
        var result = Recognized("go test ./...", "ok  \texample.com/app/parse\t0.004s\nok  \texample.com/app/render\t(cached)\n", 0);

        Assert.Equal(0, result.Failed);
        Assert.True(result.Success);
    }

    [Fact]
    public void Enrich_CargoTest_SumsEveryTestBinary()
    {
        const string output = """
            running 4 tests
            test tests::adds ... ok
            test tests::parses_empty ... FAILED
            test tests::renders ... ok
            test tests::slow ... ignored

            failures:
                tests::parses_empty

            test result: FAILED. 2 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s

            running 1 test
            test it_works ... ok
            test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
            """;

        var result = Recognized("cargo test --all", output, 101);

        AssertSummary(result, "cargo test", passed: 3, failed: 1, success: false, skipped: 1, failing: ["tests::parses_empty"]);
    }

    [Fact]
    public void Enrich_DotnetTest_ReadsFailedBangLine()
    {
        const string output = """
              Failed App.Tests.ParserTests.Parse_Empty_Throws [12 ms]
              Error Message:
               Assert.Throws() Failure
            Failed!  - Failed:     1, Passed:     4, Skipped:     0, Total:     5, Duration: 120 ms - App.Tests.dll (net8.0)
            """;

        var result = Recognized("dotnet test tests/App.Tests", output, 1);

        AssertSummary(result, "dotnet test", passed: 4, failed: 1, success: false, failing: ["App.Tests.ParserTests.Parse_Empty_Throws"]);
    }

    [Fact]
    public void Enrich_DotnetTestPassed_IsSuccess()
    {
        var result = Recognized("dotnet test", "Passed!  - Failed:     0, Passed:    12, Skipped:     1, Total:    13, Duration: 1 s - App.Tests.dll (net9.0)\n", 0);

        Assert.Equal(12, result.Passed);
        Assert.Equal(1, result.Skipped);
        Assert.True(result.Success);
    }

    [Fact]
    public void Enrich_MavenSurefire_UsesTheClosingTotal()
    {
        const string output = """
            [INFO] Running com.example.CalcTest
            [ERROR] Tests run: 3, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.05 s <<< FAILURE! - in com.example.CalcTest
            [ERROR] com.example.CalcTest.divides  Time elapsed: 0.01 s  <<< FAILURE!
            [INFO] Running com.example.IoTest
            [INFO] Tests run: 2, Failures: 0, Errors: 0, Skipped: 1, Time elapsed: 0.02 s - in com.example.IoTest
            [INFO] Results:
            [ERROR] Tests run: 5, Failures: 1, Errors: 0, Skipped: 1
            [INFO] BUILD FAILURE
            """;

        var result = Recognized("mvn -q test", output);

        AssertSummary(result, "maven", passed: 3, failed: 1, success: false, skipped: 1, failing: ["com.example.CalcTest.divides"]);
    }

    [Fact]
    public void Enrich_Gradle_ReadsCompletedLineAndFailedTests()
    {
        const string output = """
            > Task :test FAILED

            CalcTest > divides() FAILED
                org.opentest4j.AssertionFailedError at CalcTest.java:12

            5 tests completed, 1 failed, 1 skipped

            BUILD FAILED in 3s
            """;

        var result = Recognized("./gradlew test", output, 1);

        Assert.Equal("gradle", result.Framework);
        Assert.Equal(3, result.Passed);
        Assert.Equal(1, result.Failed);
        Assert.Equal(["CalcTest > divides()"], result.FailingTests);
    }

    [Fact]
    public void Enrich_ToxRunningPytest_TakesCountsFromPytest()
    {
        const string output = """
            py311: commands[0]> pytest
            ============================== 7 passed in 0.50s ===============================
              py311: OK (3.10=setup[2.60]+cmd[0.50] seconds)
              congratulations :) (3.20 seconds)
            """;

        var result = Recognized("tox -e py311", output, 0);

        Assert.Equal("pytest", result.Framework);
        Assert.Equal(7, result.Passed);
        Assert.True(result.Success);
    }

    [Fact]
    public void Enrich_MakeTestWithoutSummary_JudgedByExitCode()
    {
        var result = Recognized("make test", "make: *** [Makefile:12: test] Error 2\n", 2);

        Assert.Equal("make", result.Framework);
        Assert.False(result.Success);
    }

    [Fact]
    public void Enrich_ReproductionScriptWithTraceback_Fails()
    {
        const string output = """
            Traceback (most recent call last):
              File "/testbed/reproduce.py", line 4, in <module>
                print(parse(""))
            ValueError: empty input
            """;

        var result = Recognized("python reproduce.py", output);

        Assert.Equal("script", result.Framework);
        Assert.False(result.Success);
    }

    [Fact]
    public void Enrich_ReproductionScriptExitZero_Succeeds()
    {
        var result = Recognized("python3 /testbed/repro_issue.py", "Result: 42\n", 0);

        Assert.Equal("script", result.Framework);
        Assert.True(result.Success);
    }

    [Theory]
    [InlineData("Script completed successfully, no errors. Result: True\n", true)] // swe-agent/pydicom-1458 step 10
    [InlineData("345\n", true)] // swe-agent/marshmallow-1867 step 11
    [InlineData("FAILED: expected 345, got 344\n", false)]
    [InlineData("Error: parse returned None\n", false)]
    public void Enrich_ReproductionScriptWithoutExitCode_PassesWhenItRanToTheEndWithoutSayingItFailed(string output, bool success)
    {
        var result = Recognized("python reproduce_bug.py", output);

        Assert.Equal(success, result.Success);
    }

    [Fact]
    public void Enrich_TestFileRunDirectly_IsAScript()
    {
        var result = Recognized("python test_parser.py", "all good\n", 0);

        Assert.Equal("script", result.Framework);
    }

    [Theory]
    [InlineData("pip install pytest")]
    [InlineData("python -m pip install -U pytest")]
    [InlineData("cat tests/test_x.py")]
    [InlineData("grep -rn test src/")]
    [InlineData("npm install --save-dev jest")]
    [InlineData("git commit -m 'fix tests'")]
    [InlineData("find . -name 'test_*.py'")]
    [InlineData("npm run dev")]
    [InlineData("npx tsc --init")]
    [InlineData("make install")]
    [InlineData("make -n build")]
    [InlineData("cargo run")]
    [InlineData("ruff format src/")]
    [InlineData("python -c 'import pytest'")]
    public void Enrich_CommandsThatOnlyMentionTests_AreNotVerifierRuns(string command)
    {
        var step = Shell(command, "Successfully installed pytest-8.0.0\n", 0);

        Assert.Same(step, VerifierRecognizer.Enrich(step));
    }

    // A build, type check or lint is a verifier in the product's sense ("test or other verifier run"): it fails on
    // compile and type errors even though no test runs. `mvn package -DskipTests` used to be refused as "only mentions
    // tests"; it compiles the code, so it is now a build verifier.
    [Theory]
    [InlineData("npm run build", "npm run build")]
    [InlineData("cd web && pnpm run lint", "pnpm run lint")]
    [InlineData("yarn typecheck", "yarn run typecheck")]
    [InlineData("npx tsc --noEmit --skipLibCheck", "tsc")]
    [InlineData("eslint src/ --max-warnings 0", "eslint")]
    [InlineData("cargo build --release", "cargo build")]
    [InlineData("cargo clippy -- -D warnings", "cargo clippy")]
    [InlineData("go build ./...", "go build")]
    [InlineData("go vet ./...", "go vet")]
    [InlineData("dotnet build Martin360.slnx", "dotnet build")]
    [InlineData("mvn -q compile", "maven build")]
    [InlineData("mvn package -DskipTests", "maven build")]
    [InlineData("./gradlew assemble", "gradle build")]
    [InlineData("make -j4", "make build")]
    [InlineData("cmake --build build", "cmake build")]
    [InlineData("python -m mypy src", "mypy")]
    [InlineData("python3 -m py_compile app.py", "py_compile")]
    [InlineData("ruff check .", "ruff")]
    [InlineData("black --check .", "black")]
    public void Enrich_BuildTypeCheckOrLint_IsAVerifierRun(string command, string framework)
    {
        var result = Recognized(command, "", 0);

        Assert.Equal(framework, result.Framework);
        Assert.True(result.Success);
    }

    [Fact]
    public void Enrich_FailingNextBuildWithoutExitCode_FailsFromItsOutput()
    {
        // As in claude-code/fe5e1c67 (Bash results carry is_error but no exit code).
        const string output = "> Build error occurred\n[TypeError: generate is not a function]\n\n> todo-app@0.1.0 build\n> next build";

        var result = Recognized("npm run build", output);

        Assert.Equal("npm run build", result.Framework);
        Assert.False(result.Success);
    }

    [Theory]
    [InlineData("npx tsc --noEmit", "src/hooks/useTodos.test.ts(6,33): error TS2307: Cannot find module '@testing-library/react'.", false)]
    [InlineData("cargo build", "error[E0425]: cannot find value `x` in this scope\nerror: could not compile `app`", false)]
    // go build prints bare "file:line:col: message" lines: without an exit code that is not a verdict.
    [InlineData("go build ./...", "./main.go:12:2: undefined: foo", null)]
    [InlineData("make", "cc -c a.c\nmake: *** [Makefile:3: a.o] Error 1", false)]
    [InlineData("dotnet build", "Build succeeded.\n    0 Warning(s)\n    0 Error(s)", true)]
    [InlineData("cargo build", "   Compiling app v0.1.0\n    Finished `dev` profile [unoptimized + debuginfo] target(s) in 2.1s", true)]
    public void Enrich_BuildWithoutExitCode_JudgedByItsErrorLines(string command, string output, bool? success)
    {
        var step = VerifierRecognizer.Enrich(Shell(command, output));

        Assert.Equal(success, Assert.IsType<VerifierResult>(step.Verifier).Success);
    }

    [Fact]
    public void Enrich_CatOfASavedPytestLog_IsNotAVerifierRun()
    {
        var step = Shell("cat pytest.log", "==== 3 failed, 10 passed in 1.2s ====\n", 0);

        Assert.Null(VerifierRecognizer.Enrich(step).Verifier);
    }

    [Fact]
    public void Enrich_UnknownScriptPrintingPytestSummary_IsRecognizedFromOutput()
    {
        var result = Recognized("./ci/check.sh", "== 3 failed, 10 passed in 1.2s ==\n", 1);

        Assert.Equal("pytest", result.Framework);
        Assert.Equal(3, result.Failed);
    }

    [Fact]
    public void Enrich_StepWithVerifierAlready_IsLeftAlone()
    {
        var step = Shell("pytest", "== 1 failed in 0.1s ==") with { Verifier = new VerifierResult { Framework = "custom", Success = true } };

        Assert.Same(step, VerifierRecognizer.Enrich(step));
    }

    [Fact]
    public void Enrich_ManyFailures_KeepsAtMostTheBound()
    {
        var lines = string.Join('\n', Enumerable.Range(0, 120).Select(i => $"FAILED tests/t.py::test_{i} - boom"));
        var result = Recognized("pytest", lines + "\n==== 120 failed in 3.0s ====\n", 1);

        Assert.Equal(VerifierRecognizer.MaxFailingTests, result.FailingTests.Count);
        Assert.Equal(120, result.Failed);
    }

    [Fact]
    public void EnrichTrace_ClassifiesOnlyVerifierSteps()
    {
        var run = new Run { Id = "r", SourceFormat = "test" };
        var steps = new[]
        {
            Shell("ls", "a b") with { Id = "a", Sequence = 1 },
            Shell("pytest", "== 2 passed in 0.1s ==", 0) with { Id = "b", Sequence = 2 },
        };

        var trace = VerifierRecognizer.Enrich(Trace.Create(run, steps));

        Assert.Equal([StepKind.ShellCommand, StepKind.VerifierRun], trace.Steps.Select(s => s.Kind));
        Assert.True(trace.Steps[1].Verifier!.Success);
    }

    [Fact]
    public void EnrichTrace_NothingToClassify_ReturnsTheSameTrace()
    {
        var trace = Trace.Create(new Run { Id = "r", SourceFormat = "test" }, [Shell("ls", "x")]);

        Assert.Same(trace, VerifierRecognizer.Enrich(trace));
    }
}
