using HelpdeskBot.Classifier.Entities;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;
using HelpdeskBot.Knowledge;
using HelpdeskBot.Knowledge.Retrieval;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Llm;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Skills.Knowledge;

/// <summary>
/// "How long do I have to return something?": answers from the published policies the asker may read — customers and
/// visitors the customer and everyone documents, employees every audience — quoting the best passage(s) with a citation
/// (title, section, version). When nothing is close enough it says so and offers a person instead of guessing. With a chat
/// model configured ("Llm") it first asks the model to answer from those passages (<see cref="GroundedPolicyAnswers"/>)
/// and sends that answer, with the citations of the passages it used, only when it passed the check in code; otherwise the
/// quotes, exactly as without a model. The knowledge base is searched with the question masked: its embeddings may come
/// from an external service ("Knowledge:Embeddings"), and personal data never helps find a policy.
/// </summary>
internal sealed partial class PolicyQuestionSkill(
    IKnowledgeAnswers knowledge, GroundedPolicyAnswers grounded, PersonalDataMasker masker, ILogger<PolicyQuestionSkill> logger) : ISkill, IOutOfScopeFallback
{
    public IReadOnlyCollection<string> Intents { get; } = [IntentNames.KbPolicy];

    public async Task<SkillResult> StartAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var language = turn.Language;
        var question = turn.Message.Text?.Trim() ?? string.Empty;
        if (question.Length == 0)
        {
            return new SkillResult(turn.State, [new Reply(KnowledgePhrases.EmptyQuestion.In(language))]);
        }

        var reader = ReaderOf(turn);
        var answer = await knowledge.AskAsync(new KnowledgeQuestion(masker.Mask(question), language, reader), cancellationToken);
        if (!answer.Found)
        {
            LogNothingRelevant(logger, language, reader);
            return new SkillResult(turn.State, [new Reply(KnowledgePhrases.NotFound.In(language), IntentActions.HelpOrAgent(language))]);
        }

        LogAnswered(logger, answer.Passages[0].DocumentId, answer.Passages[0].Version, answer.Passages[0].Similarity);
        var (state, replies) = await RepliesAsync(turn.State, question, language, answer, cancellationToken);
        return new SkillResult(state, replies);
    }

    public async Task<SkillResult?> TryAnswerAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var question = turn.Message.Text?.Trim() ?? string.Empty;
        if (question.Length == 0)
        {
            return null;
        }

        var answer = await knowledge.AskAsync(new KnowledgeQuestion(masker.Mask(question), turn.Language, ReaderOf(turn)) { Strict = true }, cancellationToken);
        if (!answer.Found)
        {
            return null;
        }

        LogAnsweredOutOfScope(logger, answer.Passages[0].DocumentId, answer.Passages[0].Version, answer.Passages[0].Similarity);
        var (state, replies) = await RepliesAsync(turn.State, question, turn.Language, answer, cancellationToken);
        return new SkillResult(state, replies);
    }

    /// <summary>
    /// The model's checked answer when there is one, else the passages quoted; the state carries what the model cost. With
    /// <see cref="LlmOptions.StreamAnswers"/> the answer is one streamed reply: checked sentences while the model writes,
    /// then the checked whole answer — or, when anything fails, exactly the quotes (the first ends the stream, the others
    /// follow it). A streamed answer is charged its reservation now, because its real usage arrives after the state is saved.
    /// </summary>
    private async Task<(ConversationState State, IReadOnlyList<Reply> Replies)> RepliesAsync(
        ConversationState state, string question, string language, KnowledgeAnswer answer, CancellationToken cancellationToken)
    {
        IReadOnlyList<Reply> quotes = [.. answer.Passages.Select((passage, i) => Quote(passage, language, i == 0))];
        if (grounded.Streams)
        {
            if (grounded.Stream(question, language, answer.Passages, state) is not { } stream)
            {
                return (state, quotes);
            }

            var streamed = Reply.Streamed(quotes[0], new StreamedText(stream.ReleaseAsync(cancellationToken))
            {
                Informative = KnowledgePhrases.LookingThroughPolicies.In(language),
                Complete = (_, shown) => stream.Complete(shown) is { } written ? Grounded(written, language) : null,
                FallbackRest = [.. quotes.Skip(1)],
            });
            return (ModelBudget.Charge(state, stream.Reservation), [streamed]);
        }

        if (grounded.IsEnabled)
        {
            var attempt = await grounded.AnswerAsync(question, language, answer.Passages, state, cancellationToken);
            state = ModelBudget.Charge(state, attempt.Tokens);
            if (attempt.Answer is { } written)
            {
                return (state, [Grounded(written, language)]);
            }
        }

        return (state, quotes);
    }

    /// <summary>
    /// The model's answer, then one citation line per passage it cites, numbered as in the answer. The reply's citation
    /// names every cited passage; its cited source is the first (a reply counts once per document in the admin console).
    /// </summary>
    internal static Reply Grounded(GroundedAnswer answer, string language)
    {
        var citations = string.Join("\n", answer.Cited.Select(c => $"[{Number(c.Number)}] {CitationOf(c.Passage, language)}"));
        var first = answer.Cited[0].Passage;
        return new Reply($"{answer.Text}\n\n{citations}")
        {
            Citation = string.Join("; ", answer.Cited.Select(c => SourceOf(c.Passage))),
            CitedSource = new CitedSource(first.DocumentId, first.Version),
            Card = Cards.HelpdeskCards.Answer(language, answer.Text, citations),
            CardShowsText = true,
        };
    }

    private static string CitationOf(KnowledgePassage passage, string language) =>
        string.IsNullOrWhiteSpace(passage.Section)
            ? KnowledgePhrases.CitationWithoutSection.Format(language, ("title", passage.Title), ("version", Number(passage.Version)))
            : KnowledgePhrases.Citation.Format(language, ("title", passage.Title), ("section", passage.Section), ("version", Number(passage.Version)));

    private static string SourceOf(KnowledgePassage passage) =>
        string.IsNullOrWhiteSpace(passage.Section)
            ? $"{passage.Title} (version {Number(passage.Version)})"
            : $"{passage.Title} › {passage.Section} (version {Number(passage.Version)})";

    private static ReaderKind ReaderOf(TurnContext turn) =>
        turn.Requester.Kind == RequesterKind.Employee ? ReaderKind.Employee : ReaderKind.Public;

    /// <summary>The passage, then its citation; a passage in the other language is introduced as such.</summary>
    internal static Reply Quote(KnowledgePassage passage, string language, bool first)
    {
        var citation = CitationOf(passage, language);
        var introduction = !first || Languages.Normalize(passage.Language) == language
            ? null
            : passage.Language == Languages.Indonesian ? KnowledgePhrases.FromIndonesian.In(language) : KnowledgePhrases.FromEnglish.In(language);
        var text = introduction is null ? $"{passage.Text}\n\n{citation}" : $"{introduction}\n\n{passage.Text}\n\n{citation}";
        return new Reply(text) { Citation = SourceOf(passage), CitedSource = new CitedSource(passage.DocumentId, passage.Version), Card = Cards.HelpdeskCards.Answer(language, passage.Text, citation, introduction), CardShowsText = true };
    }

    private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Policy question ({Language}, {Reader}) found nothing relevant enough")]
    private static partial void LogNothingRelevant(ILogger logger, string language, ReaderKind reader);

    [LoggerMessage(Level = LogLevel.Information, Message = "Out-of-scope message answered from document {DocumentId} version {Version} (similarity {Similarity:0.00})")]
    private static partial void LogAnsweredOutOfScope(ILogger logger, Guid documentId, int version, float similarity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Policy question answered from document {DocumentId} version {Version} (similarity {Similarity:0.00})")]
    private static partial void LogAnswered(ILogger logger, Guid documentId, int version, float similarity);
}
