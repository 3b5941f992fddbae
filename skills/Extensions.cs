using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Handoff;
using HelpdeskBot.Skills.Invoices;
using HelpdeskBot.Skills.Hr;
using HelpdeskBot.Skills.ItSupport;
using HelpdeskBot.Skills.Knowledge;
using HelpdeskBot.Skills.Llm;
using HelpdeskBot.Skills.Orders;
using HelpdeskBot.Skills.SmallTalk;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace HelpdeskBot.Skills;

public static class Extensions
{
    /// <summary>
    /// Registers the conversation engine and the skills. The host registers what they use: the classifier
    /// (<c>AddClassifier</c>), the knowledge base (<c>AddKnowledge</c>) and the back-office connectors (<c>AddConnectors</c>).
    /// </summary>
    public static IHostApplicationBuilder AddSkills(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.TryAddSingleton(TimeProvider.System);

        // Scoped, not singleton: skills call connectors, which may be scoped (a DbContext per turn).
        services.AddScoped<ISkill, OrderStatusSkill>();
        services.AddScoped<ISkill, OrderCancelSkill>();
        services.AddScoped<ISkill, OrderReturnSkill>();
        services.AddScoped<ISkill, InvoiceStatusSkill>();
        services.AddScoped<ISkill, InvoiceCopySkill>();
        services.AddScoped<ISkill, GreetingSkill>();
        services.AddScoped<ISkill, HelpSkill>();
        services.AddScoped<ISkill, ThanksSkill>();
        services.AddScoped<ISkill, GoodbyeSkill>();
        services.AddScoped<ISkill, PolicyQuestionSkill>();

        // The optional chat model the knowledge skill writes grounded answers with ("Llm").
        builder.AddLlm();

        // Handoff: the host registers the IHandoffDesk (its queue, agent console or external hub).
        services.AddOptions<HandoffTriggerOptions>().BindConfiguration(HandoffTriggerOptions.SectionName);
        services.AddScoped<ISkill, HandoffSkill>();
        services.AddScoped<ISkill, CallbackSkill>();
        services.AddScoped<ISkill, SatisfactionSkill>();
        services.AddScoped<IConversationEngine, ConversationEngine>();

        // Employee skills: IT support and HR.
        services.AddOptions<LeaveOptions>().BindConfiguration(LeaveOptions.SectionName);
        services.AddSingleton<HrCalendar>();
        services.AddScoped<ISkill, PasswordResetSkill>();
        services.AddScoped<ISkill, TicketCreateSkill>();
        services.AddScoped<ISkill, TicketStatusSkill>();
        services.AddScoped<ISkill, SoftwareRequestSkill>();
        services.AddScoped<ISkill, LeaveBalanceSkill>();
        services.AddScoped<ISkill, LeaveRequestSkill>();
        services.AddScoped<ISkill, PayslipSkill>();

        return builder;
    }
}
