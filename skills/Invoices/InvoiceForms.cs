using System.Text.RegularExpressions;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Orders;

namespace HelpdeskBot.Skills.Invoices;

/// <summary>What the invoice-copy form waits for. Stored as a number: append new values, never reorder.</summary>
public enum InvoiceQuestion
{
    InvoiceId = 0,
    Confirmation = 1,
}

/// <summary>The invoice-status form, waiting for an invoice number (after the list of unpaid invoices, or when asked).</summary>
public sealed record InvoiceStatusFormState : FormState
{
    public const string Discriminator = "invoice.status";

    public int FailedAttempts { get; init; }

    public override bool IsExpiredAt(DateTimeOffset now) => now - LastActivityAt >= InvoiceForms.Timeout;
}

/// <summary>The invoice-copy form: the invoice number, then yes or no to sending it to the e-mail on file.</summary>
public sealed record InvoiceCopyFormState : FormState
{
    public const string Discriminator = "invoice.copy";

    public InvoiceQuestion Question { get; init; }

    public string? InvoiceId { get; init; }

    public int FailedAttempts { get; init; }

    public override bool IsExpiredAt(DateTimeOffset now) => now - LastActivityAt >= InvoiceForms.Timeout;
}

public enum InvoiceFormAction
{
    /// <summary>Say the prompt and wait for the answer.</summary>
    Ask,

    /// <summary>No invoice named: list the requester's unpaid invoices, then call <see cref="InvoiceStatusForm.Listed"/>.</summary>
    ListUnpaid,

    /// <summary>Look <see cref="InvoiceFormStep{TState}.InvoiceId"/> up.</summary>
    LookUp,

    /// <summary>The prompt is the whole answer; the form ends.</summary>
    Answered,

    /// <summary>Ask the yes/no question; the skill writes it with the invoice's details.</summary>
    Confirm,

    /// <summary>The user said yes: do it.</summary>
    Execute,

    /// <summary>The user said no: nothing was done; the form ends.</summary>
    Declined,

    GiveUp,
    Cancelled,
    Expired,
}

/// <summary>What an invoice form decided for one input.</summary>
/// <param name="EmailIgnored">
/// The user typed an e-mail address. It is never used: say that copies go only to the address on file, and how to change it.
/// </param>
public sealed record InvoiceFormStep<TState>(
    InvoiceFormAction Action,
    TState? State,
    FormPrompt? Prompt = null,
    string? InvoiceId = null,
    bool EmailIgnored = false)
    where TState : FormState;

/// <summary>What both invoice forms share.</summary>
public static partial class InvoiceForms
{
    public const int MaxFailedAttempts = 3;

    /// <summary>More unpaid invoices than this are summarised and asked for by number instead of offered as buttons.</summary>
    public const int MaxInvoiceButtons = 5;

    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    /// <summary>The invoice id the turn's recogniser found, or the whole answer when it is an invoice number ("2026-00042").</summary>
    public static string? FindInvoiceId(string input, string? recognizedInvoiceId)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!string.IsNullOrWhiteSpace(recognizedInvoiceId))
        {
            return recognizedInvoiceId;
        }

        var bare = BareInvoiceNumber().Match(input);
        return bare.Success ? $"INV-{bare.Groups["year"].Value}-{bare.Groups["number"].Value}" : null;
    }

    [GeneratedRegex(
        @"^\W*(?:inv[\s\-#:.]?)?(?<year>20[0-9]{2})[\s\-/.]?(?<number>[0-9]{5})\W*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex BareInvoiceNumber();
}

/// <summary>"Is my invoice paid?": an invoice number, or the list of unpaid invoices to pick from. Pure.</summary>
public static class InvoiceStatusForm
{
    public static InvoiceFormStep<InvoiceStatusFormState> Begin(string? invoiceId, DateTimeOffset now) =>
        invoiceId is not null
            ? new(InvoiceFormAction.LookUp, null, InvoiceId: invoiceId)
            : new(InvoiceFormAction.ListUnpaid, null);

    /// <summary>The requester has <paramref name="unpaidCount"/> unpaid invoices: say all is paid, offer them, or ask for a number.</summary>
    public static InvoiceFormStep<InvoiceStatusFormState> Listed(int unpaidCount, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(unpaidCount);
        if (unpaidCount == 0)
        {
            return new(InvoiceFormAction.Answered, null, new FormPrompt(InvoicePhrases.AllPaid));
        }

        var prompt = unpaidCount <= InvoiceForms.MaxInvoiceButtons ? InvoicePhrases.PickInvoice : InvoicePhrases.ManyUnpaid;
        return new(InvoiceFormAction.Ask, new InvoiceStatusFormState { LastActivityAt = now }, new FormPrompt(prompt, Count: unpaidCount));
    }

    public static InvoiceFormStep<InvoiceStatusFormState> NextTurn(
        InvoiceStatusFormState state, string input, string? recognizedInvoiceId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        if (state.IsExpiredAt(now))
        {
            return new(InvoiceFormAction.Expired, null);
        }

        if (Interruptions.IsCancel(input))
        {
            return new(InvoiceFormAction.Cancelled, null, new FormPrompt(DialogPhrases.Cancelled));
        }

        if (InvoiceForms.FindInvoiceId(input, recognizedInvoiceId) is { } invoiceId)
        {
            return new(InvoiceFormAction.LookUp, null, InvoiceId: invoiceId);
        }

        var failedAttempts = state.FailedAttempts + 1;
        if (failedAttempts >= InvoiceForms.MaxFailedAttempts)
        {
            return new(InvoiceFormAction.GiveUp, null, new FormPrompt(InvoicePhrases.GiveUp));
        }

        return new(
            InvoiceFormAction.Ask,
            state with { FailedAttempts = failedAttempts, LastActivityAt = now },
            new FormPrompt(failedAttempts == InvoiceForms.MaxFailedAttempts - 1 ? InvoicePhrases.LastTry : InvoicePhrases.Reprompt));
    }
}

/// <summary>
/// "Send me a copy of my invoice": the invoice number, then the user's yes to sending it to the e-mail address on file.
/// An address typed in the chat is never used, only answered with how to change the one on file. Pure.
/// </summary>
public static class InvoiceCopyForm
{
    /// <param name="emailTyped">The request named an e-mail address ("send it to x@y.com").</param>
    public static InvoiceFormStep<InvoiceCopyFormState> Begin(string? invoiceId, bool emailTyped, DateTimeOffset now)
    {
        var fresh = new InvoiceCopyFormState { LastActivityAt = now };
        return invoiceId is not null
            ? new(InvoiceFormAction.LookUp, fresh with { InvoiceId = invoiceId }, InvoiceId: invoiceId, EmailIgnored: emailTyped)
            : new(InvoiceFormAction.Ask, fresh, new FormPrompt(InvoicePhrases.AskInvoiceForCopy), EmailIgnored: emailTyped);
    }

    /// <summary>The invoice exists for this requester: ask for the yes.</summary>
    public static InvoiceFormStep<InvoiceCopyFormState> AwaitConfirmation(InvoiceCopyFormState state, string invoiceId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new(
            InvoiceFormAction.Confirm,
            state with { Question = InvoiceQuestion.Confirmation, InvoiceId = invoiceId, FailedAttempts = 0, LastActivityAt = now },
            InvoiceId: invoiceId);
    }

    public static InvoiceFormStep<InvoiceCopyFormState> NextTurn(
        InvoiceCopyFormState state, string input, string? recognizedInvoiceId, string? recognizedEmail, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        if (state.IsExpiredAt(now))
        {
            return new(InvoiceFormAction.Expired, null);
        }

        if (Interruptions.IsCancel(input))
        {
            return new(InvoiceFormAction.Cancelled, null, new FormPrompt(DialogPhrases.Cancelled));
        }

        var emailTyped = OrderForms.FindEmailInAnswer(input, recognizedEmail) is not null;
        var invoiceId = InvoiceForms.FindInvoiceId(input, recognizedInvoiceId);
        if (invoiceId is not null && invoiceId != state.InvoiceId)
        {
            return new(
                InvoiceFormAction.LookUp,
                state with { Question = InvoiceQuestion.InvoiceId, InvoiceId = invoiceId, FailedAttempts = 0, LastActivityAt = now },
                InvoiceId: invoiceId,
                EmailIgnored: emailTyped);
        }

        if (emailTyped)
        {
            // Not a failed answer: the user wants it elsewhere. Say why not and ask the same question again.
            var prompt = state.Question == InvoiceQuestion.Confirmation
                ? new FormPrompt(InvoicePhrases.CopyConfirmShort, state.InvoiceId)
                : new FormPrompt(InvoicePhrases.AskInvoiceForCopy);
            return new(InvoiceFormAction.Ask, state with { LastActivityAt = now }, prompt, state.InvoiceId, EmailIgnored: true);
        }

        if (state.Question == InvoiceQuestion.Confirmation)
        {
            switch (Confirmation.Parse(input, Confirmation.SendEchoes))
            {
                case ConfirmationAnswer.Yes:
                    return new(InvoiceFormAction.Execute, state with { LastActivityAt = now }, InvoiceId: state.InvoiceId);
                case ConfirmationAnswer.No:
                    return new(InvoiceFormAction.Declined, null, new FormPrompt(InvoicePhrases.CopyDeclined, state.InvoiceId), state.InvoiceId);
            }

            var reprompt = new FormPrompt(InvoicePhrases.CopyConfirmReprompt, state.InvoiceId);
            return Failed(state, now, reprompt, reprompt, new FormPrompt(InvoicePhrases.CopyConfirmGiveUp, state.InvoiceId));
        }

        return Failed(state, now, new FormPrompt(InvoicePhrases.Reprompt), new FormPrompt(InvoicePhrases.LastTry), new FormPrompt(InvoicePhrases.GiveUp));
    }

    private static InvoiceFormStep<InvoiceCopyFormState> Failed(
        InvoiceCopyFormState state, DateTimeOffset now, FormPrompt reprompt, FormPrompt lastTry, FormPrompt giveUp)
    {
        var failedAttempts = state.FailedAttempts + 1;
        if (failedAttempts >= InvoiceForms.MaxFailedAttempts)
        {
            return new(InvoiceFormAction.GiveUp, null, giveUp);
        }

        return new(
            InvoiceFormAction.Ask,
            state with { FailedAttempts = failedAttempts, LastActivityAt = now },
            failedAttempts == InvoiceForms.MaxFailedAttempts - 1 ? lastTry : reprompt,
            state.InvoiceId);
    }
}
