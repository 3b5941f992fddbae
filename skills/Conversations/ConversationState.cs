using System.Text.Json;
using System.Text.Json.Serialization;
using HelpdeskBot.Skills.Invoices;
using HelpdeskBot.Skills.Handoff;
using HelpdeskBot.Skills.Hr;
using HelpdeskBot.Skills.ItSupport;
using HelpdeskBot.Skills.Orders;

namespace HelpdeskBot.Skills.Conversations;

/// <summary>
/// The per-conversation dialog state the bot host persists between turns. Immutable: change it with <c>with { … }</c>.
/// </summary>
public sealed record ConversationState
{
    /// <summary>A conversation nobody has said anything in yet.</summary>
    public static ConversationState New { get; } = new();

    /// <summary>The language of the conversation ("en" or "id"), as last detected.</summary>
    public string Language { get; init; } = Languages.English;

    /// <summary>The form waiting for the user's next input, if any.</summary>
    public FormState? ActiveForm { get; init; }

    /// <summary>
    /// A form the user left to ask something else; the bot offers to resume it (<see cref="ResumeOffered"/>) once
    /// nothing else is waiting for input.
    /// </summary>
    public FormState? SuspendedForm { get; init; }

    /// <summary>True once the bot asked whether to resume <see cref="SuspendedForm"/>; the next message answers it.</summary>
    public bool ResumeOffered { get; init; }

    /// <summary>How many user turns the conversation has had; 0 means the language was never detected from the user's text.</summary>
    public int TurnCount { get; init; }

    /// <summary>
    /// Orders an anonymous visitor proved in this conversation that they placed (order number + the e-mail on the order,
    /// checked by the order system). Server-side only, never read from the client; connectors get it as
    /// <c>Requester.VerifiedOrderNumbers</c>. Null until the first verification, so an empty state stays equal to itself.
    /// </summary>
    public IReadOnlyList<string>? VerifiedOrderNumbers { get; init; }

    /// <summary>How many messages in a row the bot could not understand; reset by one it could.</summary>
    public int FallbackStreak { get; init; }

    /// <summary>How many messages in a row the classifier was unsure about (it had to ask which one was meant).</summary>
    public int LowConfidenceStreak { get; init; }

    /// <summary>The last request a skill handled (<c>order.return</c>), which picks the queue if the user asks for a person.</summary>
    public string? LastTaskIntent { get; init; }

    /// <summary>
    /// Tokens the chat model has been charged for in this conversation (prompt and answer, as the server reported them),
    /// held against <c>Llm:TokenBudgetPerConversation</c>; once spent, the conversation goes on without the model.
    /// </summary>
    public int ModelTokens { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, SerializerOptions);

    /// <summary>Reads state written by <see cref="ToJson"/>; fields it doesn't know are ignored.</summary>
    /// <exception cref="ConversationStateFormatException">The JSON is not a conversation state.</exception>
    public static ConversationState FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        ConversationState? state;
        try
        {
            state = JsonSerializer.Deserialize<ConversationState>(json, SerializerOptions);
        }
        catch (JsonException ex)
        {
            throw new ConversationStateFormatException($"Stored conversation state is not valid JSON for {nameof(ConversationState)}: {ex.Message}", ex);
        }
        catch (NotSupportedException ex)
        {
            // System.Text.Json reports an unknown form discriminator this way.
            throw new ConversationStateFormatException($"Stored conversation state has a form this version does not know: {ex.Message}", ex);
        }

        if (state is null)
        {
            throw new ConversationStateFormatException("Stored conversation state is JSON null.");
        }

        if (!Languages.IsSupported(state.Language))
        {
            throw new ConversationStateFormatException($"Stored conversation state has an unsupported language '{state.Language}'.");
        }

        return state;
    }

    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        // PostgreSQL jsonb reorders keys, so the form's type discriminator may not come first.
        AllowOutOfOrderMetadataProperties = true,
        RespectNullableAnnotations = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>
/// A form in progress: a multi-turn exchange that takes the user's next input. Each kind of form is a derived record
/// registered below, so its state round-trips through <see cref="ConversationState.ToJson"/>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "form")]
[JsonDerivedType(typeof(OrderStatusFormState), OrderStatusFormState.Discriminator)]
[JsonDerivedType(typeof(OrderCancelFormState), OrderCancelFormState.Discriminator)]
[JsonDerivedType(typeof(OrderReturnFormState), OrderReturnFormState.Discriminator)]
[JsonDerivedType(typeof(InvoiceStatusFormState), InvoiceStatusFormState.Discriminator)]
[JsonDerivedType(typeof(InvoiceCopyFormState), InvoiceCopyFormState.Discriminator)]
[JsonDerivedType(typeof(PasswordResetFormState), PasswordResetFormState.Discriminator)]
[JsonDerivedType(typeof(TicketCreateFormState), TicketCreateFormState.Discriminator)]
[JsonDerivedType(typeof(TicketStatusFormState), TicketStatusFormState.Discriminator)]
[JsonDerivedType(typeof(SoftwareRequestFormState), SoftwareRequestFormState.Discriminator)]
[JsonDerivedType(typeof(LeaveRequestFormState), LeaveRequestFormState.Discriminator)]
[JsonDerivedType(typeof(CallbackFormState), CallbackFormState.Discriminator)]
[JsonDerivedType(typeof(SatisfactionFormState), SatisfactionFormState.Discriminator)]
public abstract record FormState
{
    /// <summary>When the user last interacted with the form; forms expire after a while without input.</summary>
    public required DateTimeOffset LastActivityAt { get; init; }

    /// <summary>
    /// The card the form last showed ("form:3", "confirm:4": kind and turn number). A card submission whose reference
    /// differs is stale — used already, or from an earlier step — and changes nothing.
    /// </summary>
    public string? CardRef { get; init; }

    /// <summary>True when the form has waited too long for input and should no longer take it.</summary>
    public abstract bool IsExpiredAt(DateTimeOffset now);

    /// <summary>
    /// True while the form waits for a secret (a one-time code): the user's next message must not be kept anywhere — the
    /// host stores a placeholder in the transcript instead of the text.
    /// </summary>
    [JsonIgnore]
    public virtual bool AwaitsSecret => false;

    /// <summary>
    /// True while the form asks for free text (a description, a reason), which accepts almost any message. A confident,
    /// different request typed there is still answered as a request (and the form offered back) rather than filed as text.
    /// </summary>
    [JsonIgnore]
    public virtual bool AwaitsFreeText => false;

    /// <summary>
    /// True while the form asks yes or no to its side effect. There a cancel word can be the answer ("ya, batalin aja" to
    /// "shall I cancel the order?"), so the form reads it before the global cancel does.
    /// </summary>
    [JsonIgnore]
    public virtual bool AwaitsConfirmation => false;
}

/// <summary>Stored conversation state could not be read; the host can log it and start over with <see cref="ConversationState.New"/>.</summary>
public sealed class ConversationStateFormatException : Exception
{
    public ConversationStateFormatException() { }

    public ConversationStateFormatException(string message) : base(message) { }

    public ConversationStateFormatException(string message, Exception innerException) : base(message, innerException) { }
}
