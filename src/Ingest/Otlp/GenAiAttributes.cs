namespace Martin360.Ingest.Otlp;

/// <summary>
/// The OpenTelemetry GenAI semantic-convention names this ingest reads (docs/gen-ai in
/// open-telemetry/semantic-conventions, agent spans and LLM call examples).
/// </summary>
internal static class GenAiAttributes
{
    public const string Prefix = "gen_ai.";

    public const string OperationName = "gen_ai.operation.name";
    public const string ConversationId = "gen_ai.conversation.id";
    public const string ProviderName = "gen_ai.provider.name";

    public const string AgentName = "gen_ai.agent.name";
    public const string AgentId = "gen_ai.agent.id";
    public const string AgentVersion = "gen_ai.agent.version";
    public const string AgentDescription = "gen_ai.agent.description";

    public const string RequestModel = "gen_ai.request.model";
    public const string ResponseModel = "gen_ai.response.model";
    public const string FinishReasons = "gen_ai.response.finish_reasons";
    public const string InputMessages = "gen_ai.input.messages";
    public const string OutputMessages = "gen_ai.output.messages";

    public const string InputTokens = "gen_ai.usage.input_tokens";
    public const string OutputTokens = "gen_ai.usage.output_tokens";
    public const string CacheReadInputTokens = "gen_ai.usage.cache_read.input_tokens";
    public const string CacheCreationInputTokens = "gen_ai.usage.cache_creation.input_tokens";

    public const string ToolName = "gen_ai.tool.name";
    public const string ToolCallId = "gen_ai.tool.call.id";
    public const string ToolCallArguments = "gen_ai.tool.call.arguments";
    public const string ToolCallResult = "gen_ai.tool.call.result";

    public const string ErrorType = "error.type";
    public const string ProcessExitCode = "process.exit.code";
    public const string ServiceName = "service.name";
    public const string ServiceVersion = "service.version";

    public const string ExceptionEvent = "exception";
    public const string ExceptionType = "exception.type";
    public const string ExceptionMessage = "exception.message";

    /// <summary>Well-known values of gen_ai.operation.name.</summary>
    public static class Operations
    {
        public const string InvokeAgent = "invoke_agent";
        public const string Chat = "chat";
        public const string GenerateContent = "generate_content";
        public const string TextCompletion = "text_completion";
        public const string Embeddings = "embeddings";
        public const string ExecuteTool = "execute_tool";
        public const string Retrieval = "retrieval";
    }
}
