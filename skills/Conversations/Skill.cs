using HelpdeskBot.Classifier.Entities;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;

namespace HelpdeskBot.Skills.Conversations;

/// <summary>What a skill gets for one turn. Identity comes from <see cref="Message"/>'s user, verified by the channel.</summary>
/// <param name="State">The conversation state, already updated with this turn's language.</param>
/// <param name="Prediction">The classifier's decision; null when the turn was routed without classifying (a form took the input).</param>
public sealed record TurnContext(
    IncomingMessage Message,
    string Language,
    ConversationState State,
    IntentPrediction? Prediction,
    DateTimeOffset Now)
{
    /// <summary>What the message names — ids, dates, amounts, contacts — normalised, recognised once per turn.</summary>
    public IReadOnlyList<EntityMatch> Entities { get; init; } = [];

    /// <summary>Who is asking, as the channel verified them: pass this (never anything from the text) to connectors.</summary>
    public Requester Requester => Message.User.Requester;

    /// <summary>
    /// The active form, which the engine hands to <paramref name="owner"/> only when <see cref="IFormSkill.Owns"/> said it
    /// is <typeparamref name="TState"/>; anything else is a bug in the routing.
    /// </summary>
    public TState ActiveForm<TState>(IFormSkill owner)
        where TState : FormState =>
        State.ActiveForm as TState
            ?? throw new InvalidOperationException($"{owner?.GetType().Name} was asked to continue a form it does not own.");

    /// <summary>The first entity of <paramref name="type"/> (<see cref="EntityTypes"/>) in the message, normalised, or null.</summary>
    public string? Entity(string type) => Entities.FirstOrDefault(e => e.Type == type)?.Value;
}

/// <summary>A skill's answer: the conversation's new state and what to say.</summary>
public sealed record SkillResult(ConversationState State, IReadOnlyList<Reply> Replies)
{
    /// <summary>
    /// Set when the skill wants a person to take over (a refund above the limit, an identity check that failed): the
    /// engine sends <see cref="Replies"/>, then hands the conversation off.
    /// </summary>
    public Handoff.SkillHandoff? Handoff { get; init; }
}

/// <summary>Handles one or more intents. Implementations are registered in <see cref="Extensions.AddSkills"/>.</summary>
public interface ISkill
{
    IReadOnlyCollection<string> Intents { get; }

    Task<SkillResult> StartAsync(TurnContext turn, CancellationToken cancellationToken);
}

/// <summary>A skill that runs a form: while its form is active, it takes the user's input before any intent routing.</summary>
public interface IFormSkill : ISkill
{
    /// <summary>The intent reported for turns the form takes.</summary>
    string FormIntent { get; }

    bool Owns(FormState form);

    /// <summary>
    /// Whether <paramref name="turn"/>'s message answers the form's pending question (a valid slot value, a yes/no to a
    /// confirmation, free text where free text is asked for). Pure, no I/O. When it does not and the classifier is
    /// confident the user wants something else, the engine answers that and offers to resume the form afterwards.
    /// </summary>
    bool Accepts(FormState form, TurnContext turn);

    /// <summary>
    /// The user answered the form. Null when the form no longer takes input (it expired): the engine then drops it and
    /// handles the message as a new request.
    /// </summary>
    Task<SkillResult?> ContinueAsync(TurnContext turn, CancellationToken cancellationToken);

    /// <summary>Said after an interruption such as help, so the user knows the form still waits for an answer.</summary>
    Reply Reminder(FormState form, string language);
}

/// <summary>
/// A form skill that also offers its whole form as a card: a submitted card fills every slot at once and then goes
/// through the same checks and the same confirmation as typed answers.
/// </summary>
public interface ICardFormSkill : IFormSkill
{
    /// <summary>The form's card for its current step, prefilled with what is known; null when the step has none (confirming).</summary>
    Cards.AdaptiveCard? FormCard(FormState form, string language, string cardRef);

    /// <summary>The card was submitted while <paramref name="turn"/>'s active form is this skill's (the engine checked it is current).</summary>
    Task<SkillResult> SubmitCardAsync(TurnContext turn, Cards.CardSubmission submission, CancellationToken cancellationToken);
}

/// <summary>
/// A skill that may answer what the classifier found out of scope, when it is sure: the knowledge base, whose policies
/// cover more than any intent list. Null means "not mine", and the engine gives its out-of-scope reply.
/// </summary>
public interface IOutOfScopeFallback
{
    Task<SkillResult?> TryAnswerAsync(TurnContext turn, CancellationToken cancellationToken);
}
