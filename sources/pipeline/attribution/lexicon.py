"""Word lists the attribution step works with: speech cues, titles, role words, organisations."""

from __future__ import annotations

CUES = frozenset(
    """said says say told tells added adds noted notes stated explained explains wrote writes
    asked asks insisted insists warned warns claimed declared continued replied replies
    acknowledged acknowledges recalled recalls suggested suggests conceded concedes announced
    announces argued argues predicted predicts tweeted maintained maintains countered counters
    contended contends observed remarked urged urges vowed vows promised promises testified
    stressed stresses emphasized emphasised emphasizes admitted admits boasted boasts complained
    complains joked quipped cautioned cautions alleged alleges exclaimed mused lamented laments
    reiterated reiterates affirmed confirmed confirms denied denies responded responds
    recounted commented comments proclaimed proclaims retorted assured assures pointed
    charged charges opined scoffed yelled shouted screamed whispered answered answers reported
    reports read reads chanted interjected continues agrees insist claim argue warn note
    suggest deny predict contend maintain admit acknowledge complain allege urge vow promise
    announce accused accuses accuse charged echoed echoes""".split()
)
PARTICIPLE_CUES = frozenset(
    """saying adding noting stating telling arguing insisting warning claiming explaining
    writing declaring calling""".split()
)
# Their object is the listener ("told AFP"), never the speaker.
LISTENER_CUES = frozenset("told tells asked asks urged urges assured assures".split())
AUX = frozenset(
    """also has have had would will could may might later then previously reportedly once
    repeatedly recently further again publicly privately earlier frequently often simply flatly
    quietly bluntly angrily only just has already even never always first""".split()
)
PASSIVE = frozenset("was were been being be is are get got".split())
PRONOUNS = frozenset("he she they i we it".split())
DETERMINERS = frozenset("the a an another one two three several some many his her their its our".split())
CAP_STOP = frozenset(
    """The A An But And In On At For If When While After Before He She It They We I You This That
    Those These There His Her Their Its Our As So Yet Or Also Still Meanwhile However Then Now
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Today Yesterday Tonight According
    Asked Speaking Like With Without From To Of By Despite Although Though Because Since Until
    Even Not No Yes What Why How Who Where Which Mr Mrs Ms Here There Tuesday's Sunday's
    Last Next Earlier Later Having Appearing Responding Addressing Citing Noting Writing During Under Over Among Instead Indeed Thus Still Once Whether""".split()
)
HONORIFICS = frozenset("Mr. Mrs. Ms. Mx. Dr. Prof. Mr Mrs Ms Dr Sir Dame Lord Lady Rev.".split())
TITLE_CAPS = frozenset(
    """President Vice Prime Minister Secretary Senator Sen. Rep. Representative Gov. Governor Mayor
    Chancellor Chairman Chairwoman Chair Director General Gen. Lt. Col. Sgt. Capt. Adm. Admiral
    Judge Justice Chief Executive CEO Spokesman Spokeswoman Spokesperson Press Ambassador
    Attorney Commissioner Leader Mr. Mrs. Ms. Dr. Prof. Professor Rev. Sir Dame Lord Lady King
    Queen Prince Princess Pope Foreign Defense Defence Finance Health Interior Home Deputy
    Acting Former Senior Sheriff Officer Councillor Councilman Congressman Congresswoman
    Candidate Nominee State Treasury Commerce Labor Labour Energy Education Justice Homeland
    Security National Adviser Advisor Minority Majority House Senate Speaker Emeritus Coach
    Manager Editor Founder Chief-of-Staff Staff Cardinal Bishop Archbishop Rabbi Imam
    President-elect Sen Rep Gov Gen Lt Col Capt Dr Prof Director-General Secretary-General
    Premier Marshal Superintendent Inspector Detective Constable Corporal Sergeant Captain
    Colonel Major Lieutenant Commander Chairperson Economist Analyst Mx.""".split()
)
ROLE_WORDS = frozenset(
    """president vice prime minister secretary senator representative governor mayor chancellor
    chairman chairwoman chair director general judge justice chief executive spokesman
    spokeswoman spokesperson press ambassador attorney commissioner leader professor foreign
    defense defence finance deputy acting former senior sheriff officer official officials
    adviser advisor aide aides analyst economist strategist pollster candidate nominee campaign
    manager lawyer diplomat envoy head founder chief-of-staff staff member members lawmaker
    lawmakers legislator spokesmen spokespeople representative researcher scientist expert
    experts author editor correspondent reporter commentator host anchor columnist activist
    advocate organizer chairperson owner partner president-elect congressman congresswoman
    state national security house white party co-founder ceo cfo coo secretary-general
    director-general policy communications political press-secretary operative consultant
    economist""".split()
)
FUNCTION_WORDS = frozenset(
    """when if who which that as and or but then also to of in on at for with by from after before
    while because so not it this there what why how where whom whose""".split()
)
# Words before a quotation that mark a label or a scare quote, not speech.
SCARE_INTROS = frozenset(
    """called calling dubbed dubbing named titled labelled labeled branded branding termed
    nicknamed describing described known so-called""".split()
)
# A run ending in one of these names an organisation: "Finance Department" is not Mr. Department.
ORG_WORDS = frozenset(
    """Department Ministry Institute Bank Party Committee Agency Office Council University
    Association Bureau Commission Court Organization Organisation Times Post News Journal
    Service Administration Foundation Center Centre Board Authority Fund Union Group Agency
    Corporation Company Inc. Ltd. Institution Academy Federation League Network Campaign
    Kremlin Pentagon Congress Senate House Parliament Government Police Army Navy Embassy""".split()
)
PARTICLES = frozenset("de van von bin al da la le del der di du dos ibn el".split())

# Collective and generic sources: "critics said", "officials warned", "a spokesman added".
# They never become speakers; the appearance keeps the description as the mention.
GENERIC_SOURCES = frozenset(
    """critic critics analyst analysts official officials expert experts spokesman spokeswoman
    spokesperson spokesmen spokeswomen spokespeople resident residents observer observers
    economist economists investor investors source sources witness witnesses protester
    protesters protestor protestors opponent opponents supporter supporters campaigner
    campaigners voter voters lawmaker lawmakers legislator legislators scientist scientists
    researcher researchers doctor doctors lawyer lawyers prosecutor prosecutors investigator
    investigators authorities diplomat diplomats aide aides adviser advisers advisor advisors
    insider insiders people someone others many some both neighbours neighbors parents
    teachers workers farmers traders commentators pundits pollster pollsters strategist
    strategists members activists activist organisers organizers environmentalists unions
    locals citizens leaders ministers executives bosses staff employees students observers
    figures polls surveys studies reports estimates data statistics forecasters officers
    negotiators mps senators democrats? republicans? commenters users fans families victims
    survivors patients consumers customers shoppers landlords tenants homeowners buyers
    sellers developers builders economists' officials'""".replace("?", "").split()
)
# Titles that name the office a person holds: a run with one of these after "of"/"for" is a
# title and a name ("Bank of England Governor Andrew Bailey"), not one organisation.
HEAD_TITLES = frozenset(
    """President Minister Secretary Governor Mayor Senator Chairman Chairwoman Chair Director
    Spokesman Spokeswoman Spokesperson Chief Executive Leader Ambassador Commissioner Judge
    Justice Chancellor Premier MP MEP MSP Rep. Sen. Gov. CEO Head Speaker""".split()
)
# The kind of organisation a word makes a name ("Office for National Statistics": agency).
# Checked on the last word, then the first, so "Labour MP Diane Abbott" stays a person.
ORG_KINDS: dict[str, str] = {
    **dict.fromkeys(
        """Kremlin Pentagon Government Ministry Department Treasury Parliament Congress Senate
        Cabinet Embassy Council Court Police Army Navy Administration Whitehall Elysee Élysée
        Assembly Presidency Mission Consulate Military Bundestag Duma Knesset Commons""".split(),
        "government",
    ),
    **dict.fromkeys(
        """Agency Authority Bureau Commission Service Office Statistics Reserve Regulator Inspectorate
        Directorate Ombudsman""".split(),
        "agency",
    ),
    **dict.fromkeys(
        """Party Labour Conservatives Tories Democrats Republicans GOP SNP Greens Lib Dems
        Plaid Sinn Fein Likud CDU SPD AfD""".split(),
        "party",
    ),
    **dict.fromkeys(
        """Inc Inc. Ltd Ltd. Corp Corp. Corporation Company Co. plc PLC LLC Holdings Group Airlines
        Motors Technologies Pharmaceuticals Industries Enterprises Bank Capital Partners Energy""".split(),
        "company",
    ),
    **dict.fromkeys(
        """Times Post News Journal BBC CNN Reuters AFP Guardian Telegraph Broadcasting Radio
        Television TV Tribune Herald Gazette Chronicle Bloomberg Politico Axios NPR Fox MSNBC
        Economist Newsweek Mirror""".split(),
        "media",
    ),
    **dict.fromkeys(
        """Federation Association Union Foundation Institute University League Campaign Committee
        Centre Center Organization Organisation Society Trust Alliance Coalition Board Fund
        Academy Institution Network Council Confederation Chamber Forum Club Charity College
        School Hospital NATO UN EU WHO IMF OECD""".split(),
        "organisation",
    ),
}
ORG_KINDS["Council"] = "government"
# Names of several words whose kind their words alone would get wrong.
ORG_PHRASES: dict[str, str] = {
    "white house": "government",
    "downing street": "government",
    "home office": "government",
    "foreign office": "government",
    "state department": "government",
    "bank of england": "agency",
    "federal reserve": "agency",
    "european central bank": "agency",
    "associated press": "media",
    "fox news": "media",
    "lib dems": "party",
    "liberal democrats": "party",
    "reform uk": "party",
    "sinn fein": "party",
    "world bank": "organisation",
}
ORG_CONNECTIVES = frozenset("of for on and & de".split())
# Lowercase words of a portfolio or office that lengthen a title in front of a name
# ("shadow housing secretary", "central bank governor", "Kremlin press secretary").
ROLE_MODIFIERS = frozenset(
    """shadow housing health education foreign home interior justice defence defense finance
    economy economic trade business culture transport environment energy climate treasury
    central bank press communications security intelligence digital science technology
    agriculture farming fisheries work pensions employment labour labor immigration border
    veterans transportation commerce treasury budget cabinet junior deputy assistant associate
    acting interim former senior chief executive general managing regional state federal local
    city county district party campaign policy political military police fire union
    opposition first vice lead principal""".split()
)
# "X repeated his claim that ...": a verb, a possessive and a noun of speech make one cue.
CLAIM_VERBS = frozenset(
    """repeated repeats reiterated reiterates renewed renews made makes repeating reiterating
    restated restates doubled""".split()
)
CLAIM_NOUNS = frozenset(
    """claim claims assertion assertions argument allegation allegations accusation accusations
    promise pledge warning view belief insistence charge contention""".split()
)
DAYS = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
# Between a source and its cue: "Trump yesterday said", "Reeves on Monday said".
TIME_WORDS = frozenset("yesterday today tonight overnight".split())
# Verbs that put a label in quotation marks: the label is the subject's words, not a quotation.
NAMING_VERBS = frozenset("called calls dubbed dubs branded brands labelled labeled termed described describes".split())
