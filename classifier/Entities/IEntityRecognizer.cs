namespace HelpdeskBot.Classifier.Entities;

/// <summary>Finds ids, contact details, amounts and dates in a user message. Thread-safe; registered as a singleton.</summary>
public interface IEntityRecognizer
{
    /// <summary>
    /// Returns the entities in <paramref name="text"/> in order of position. Matches never overlap: where two readings
    /// compete, the longer one wins ("ord100123@shop.id" is an e-mail, "from 22 to 24 Dec" one range), and on equal
    /// length the more specific type (ids before dates before amounts before phone numbers). Any text, however odd,
    /// gives a list (possibly empty), never an exception.
    /// </summary>
    IReadOnlyList<EntityMatch> Recognize(string text);
}
