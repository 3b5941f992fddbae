using HelpdeskBot.Knowledge.Retrieval;

namespace HelpdeskBot.Skills.Tests.Knowledge;

/// <summary>
/// Stands in for the knowledge base (tested on its own, and end to end in the bot tests): answers with the passages a test
/// set, and remembers each question so a test can see who the skill said was asking.
/// </summary>
internal sealed class FakeKnowledge : IKnowledgeAnswers
{
    public List<KnowledgeQuestion> Questions { get; } = [];

    public List<KnowledgePassage> Passages { get; } = [];

    public Task<KnowledgeAnswer> AskAsync(KnowledgeQuestion question, CancellationToken cancellationToken = default)
    {
        Questions.Add(question);
        return Task.FromResult(new KnowledgeAnswer([.. Passages]));
    }

    public static KnowledgePassage Passage(string title, string section, string text, int version = 1, string language = "en") =>
        new(Guid.NewGuid(), version, title, section, text, language, 0.03, 0.7f);
}
