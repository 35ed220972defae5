using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters;
using Martin360.Ingest.Redaction;
using Martin360.Tests.Shared;

namespace Martin360.Ingest.Tests.Redaction;

public sealed class SecretRedactorTests
{
    // Key-shaped values are assembled at run time so that the repository itself holds nothing a scanner would flag.
    private static readonly string s_random = "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1V2w3X4";

    public static TheoryData<string, string, string> Secrets => new()
    {
        { "openai-key", "export OPENAI_KEY_VALUE " + "sk-" + s_random, "sk-" },
        { "openai-key", "key sk-" + "proj-" + s_random + " in use", "sk-proj-" },
        { "anthropic-key", "using sk-" + "ant-api03-" + s_random, "sk-ant-" },
        { "github-token", "git clone https://x.test/r with ghp" + "_" + s_random[..36], "ghp_" },
        { "github-token", "token gho" + "_" + s_random[..36] + " expires", "gho_" },
        { "github-token", "GH: github" + "_pat_" + s_random[..30], "github_pat_" },
        { "aws-access-key", "aws id AKIA" + "ABCDEFGHIJ234567 set", "AKIAABCDEF" },
        { "slack-token", "slack xox" + "b-123456789012-abcdefABCDEF", "xoxb-" },
        { "google-api-key", "maps AIza" + s_random[..35], "AIza" },
        { "jwt", "cookie eyJ" + "hbGciOiJIUzI1NiJ9.eyJ" + "zdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "eyJ" },
        { "bearer-token", "curl -H 'Authorization: Bearer " + "Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Njc4OTA' https://api.test", "Zm9vYmFy" },
        { "secret-assignment", "api_key=" + "abcd1234efgh5678", "abcd1234efgh5678" },
        { "secret-assignment", "DB_PASSWORD: " + "hunter2hunter2", "hunter2hunter2" },
        { "secret-assignment", "{\"client_secret\": \"" + "Q8w9e0r1t2y3u4" + "\"}", "Q8w9e0r1t2y3u4" },
        { "url-credentials", "postgres://admin:" + "S3cretPass" + "@db.internal:5432/app", "S3cretPass" },
        { "private-key", "-----BEGIN " + "RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onL\n-----END RSA PRIVATE KEY-----", "MIIEowIBAAKCAQEA" },
        { "private-key", "> -----BEGIN " + "OPENSSH PRIVATE KEY-----\n> b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n> AAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQAAACB", "b3BlbnNzaC1rZXkt" },
    };

    [Theory]
    [MemberData(nameof(Secrets))]
    public void Redact_Secret_IsReplacedWithItsKind(string kind, string text, string secretPart)
    {
        var found = new Dictionary<string, int>();

        var redacted = SecretRedactor.Redact(text, found)!;

        Assert.DoesNotContain(secretPart, redacted, StringComparison.Ordinal);
        Assert.Contains($"[REDACTED:{kind}]", redacted, StringComparison.Ordinal);
        Assert.Equal(1, found[kind]);
    }

    [Theory]
    [InlineData("commit 3f786850e387550fdab836ed7e6dc881de23001b fixed the parser")]
    [InlineData("run id 123e4567-e89b-12d3-a456-426614174000 finished")]
    [InlineData("payload aGVsbG8gd29ybGQsIHRoaXMgaXMgYmFzZTY0IQ== decoded")]
    [InlineData("max_tokens: 4096, input_tokens=12345, total_tokens: 20000")]
    [InlineData("def login(password: str, token=None):\n    password = request.form.get('pw')\n    token = os.environ.get('TOKEN')")]
    [InlineData("password = get_password()\napi_key = settings.API_KEY\nsecret = ${SECRET_FROM_ENV}")]
    [InlineData("the task-management module and the risk-assessment-for-the-new-system doc")]
    [InlineData("Bearer tokens must be rotated; see the auth docs")]
    [InlineData("https://github.com/Aider-AI/aider/blob/main/README.md")]
    public void Redact_OrdinaryText_IsUnchanged(string text)
    {
        Assert.Same(text, SecretRedactor.Redact(text));
    }

    [Fact]
    public void RedactTrace_RecordsStepFieldAndKind()
    {
        var openAi = "sk-" + s_random;
        var run = new Run { Id = "r", SourceFormat = "test", TaskObjective = "use key " + openAi };
        var steps = new[]
        {
            new Step { Id = "a", Sequence = 1, Kind = StepKind.ShellCommand, Command = "ls", Output = "README.md" },
            new Step
            {
                Id = "b", Sequence = 2, Kind = StepKind.ShellCommand,
                Command = "export GITHUB_TOKEN=ghp" + "_" + s_random[..36],
                Output = "env: " + openAi + " and " + openAi,
            },
        };

        var result = SecretRedactor.Redact(Trace.Create(run, steps));

        Assert.True(result.RedactedAnything);
        Assert.DoesNotContain(openAi, result.Trace.Run.TaskObjective, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_", result.Trace.Steps[1].Command, StringComparison.Ordinal);
        Assert.Equal("env: [REDACTED:openai-key] and [REDACTED:openai-key]", result.Trace.Steps[1].Output);
        Assert.Same(steps[0], result.Trace.Steps[0]);
        Assert.Equal(
            [
                new SecretRedaction(null, "run.task_objective", "openai-key", 1),
                new SecretRedaction(2, "output", "openai-key", 2),
                new SecretRedaction(2, "command", "github-token", 1),
            ],
            result.Redactions);
    }

    [Fact]
    public void RedactTrace_NoSecrets_ReturnsTheSameTraceAndNoRedactions()
    {
        var trace = Trace.Create(new Run { Id = "r", SourceFormat = "test", TaskTitle = "Fix the token counter" },
            [new Step { Id = "a", Sequence = 1, Kind = StepKind.AssistantMessage, Output = "Done: tokens are counted per message." }]);

        var result = SecretRedactor.Redact(trace);

        Assert.Same(trace, result.Trace);
        Assert.Empty(result.Redactions);
    }

    [Fact]
    public void RedactTrace_RealAiderHistory_LeavesCodeAndMaskedKeysAlone()
    {
        // grep finds no key-shaped token in the excerpt (sk-/ghp_/AKIA/AIza/eyJ/PRIVATE KEY: 0 lines), but 1,026 lines
        // mention api_key/token/password, e.g. "tiktoken==0.7.0" and aider's own masked "OPENAI_API_KEY:    ...9doi".
        var result = TraceFormats.CreateDefault().Read("h.md", TraceFiles.Read("aider/chat-history.md.excerpt"));

        var redactions = result.Traces.SelectMany(t => SecretRedactor.Redact(t).Redactions).ToList();

        Assert.Equal(412, result.Traces.Count);
        Assert.Empty(redactions);
    }
}
