"""Word lists behind the patient-identifier detector (all lowercase).

First names and surnames let a name be recognised when it is also an ordinary word
("grace", "white") or when the note is all lowercase; the stop lists keep shorthand,
titles and organisation words from being read as names.
"""

from nlp.pii_words import COMMON_WORDS_BY_FREQUENCY

# Hand-collected, deliberately broad: US, Hispanic, African-American, South and East
# Asian, Middle Eastern, African and European given names seen in US clinics.
_FIRST_NAMES = """
    aaliyah aaron abby abdul abdullah abel abigail abraham ada adam adams adaeze adebayo
    adele adrian adriana adrienne agnes ahmad ahmed aiden aiko aisha aj alan alana albert
    alberto alec alejandra alejandro alex alexa alexander alexandra alexis alfonso alfred
    alfredo ali alice alicia alina alisha alison alissa allan allen allison alma alonzo alvin
    amanda amani amara amber amelia amina amir amit amos amy ana anan anand andre andrea
    andres andrew andy angel angela angelica angelina angie anil anita ann anna anne annette
    annie anthony antoine antonio anwar april araceli archie arden ari ariana ariel arjun
    arlene armando arnold arturo arun asha ashley ashok asif astrid aubrey audrey august
    aurora austin ava avery ayesha babajide barbara barry basil beatrice beatriz becky belinda
    ben benjamin bernadette bernard bernice bert beth bethany betty beverly bianca bill billy
    blake blanca bob bobbie bobby bonnie boris brad bradley brandon brandy brenda brendan brent
    brett brian briana bridget brittany brooke bruce bryan bryce byron caleb camila cameron
    camille candace cara carl carla carlos carly carmen carol carole caroline carolyn carrie
    carter casey cassandra catherine cathy cecilia cedric celeste celia chad chandra chantal
    charlene charles charlie charlotte chase chelsea cheryl chester chidi chinedu chioma chloe
    chris christian christina christine christopher chuck cindy claire clara clarence claudia
    clay clayton cliff clifford clint clinton clyde cody colin colleen connie conrad constance
    cora corey cornelius courtney craig cristina crystal curtis cynthia dahlia daisy dale
    dalia damian damon dan dana daniel daniela danielle danny daphne darius darlene darnell
    darrell darren darryl daryl dave david dawn dean deanna debbie deborah debra deepa deepak
    deirdre delia delores demetrius denise dennis derek derrick desmond destiny devin devon
    dewayne diana diane dianne diego dimitri dina dmitri dolores dominic dominique don donald
    donna donovan dora doris dorothy doug douglas duane dustin dwayne dwight earl ebony
    eddie edgar edith edna eduardo edward edwin efrain eileen elaine elena eli elias elijah
    elisa elise eliza elizabeth ella ellen ellie elliot elmer eloise elsa elsie elvira emeka
    emil emily emma emmanuel enrique eric erica erik erin ernest ernesto esperanza esteban
    estelle esther ethan ethel eugene eunice eva evan evelyn everett ezekiel ezra fabian faith
    farah farid fatima fatma faye felicia felipe felix fernando fiona florence floyd frances
    francesca francis francisco frank frankie franklin fred freddie frederick gabriel gabriela
    gabrielle gail garrett gary gavin gayle gene genevieve geoffrey george georgia gerald
    geraldine gerardo gertrude gilbert gina ginger giovanni gladys glen glenda glenn gloria
    gordon grace graciela grant greg gregory greta gretchen guadalupe guillermo gustavo gwen
    gwendolyn hailey haley hamid hana hank hannah hans harold harriet harry harvey hassan
    hazel heather hector heidi helen helena henry herbert herman hilda hiroshi holly homer
    hope howard hugh hugo hussein ian ibrahim ida ignacio ikechukwu imani imelda inez ingrid
    irene iris irma isaac isabel isabella isaiah isidro ismael ivan ivy jack jackie jackson
    jacob jacqueline jada jade jaime jake jamal james jamie jan jana jane janelle janet janice
    janine jared jasmine jason javier jay jayden jaylen jean jeanette jeanne jeff jeffrey
    jenna jennifer jenny jeremiah jeremy jerome jerry jesse jessica jesus jill jim jimmy jo
    joan joann joanna joanne joaquin jocelyn jodi jody joe joel joey johanna john johnny jon
    jonathan jordan jorge jose josefina joseph josephine josh joshua joy joyce juan juana
    juanita judith judy julia julian juliana julie julio june justin kaitlyn kamal kara karen
    kari karina karl kate katherine kathleen kathryn kathy katie katrina kay kayla keisha
    keith kelly kelvin ken kendall kendra kenji kenneth kenny kent kerry kevin khalid kim
    kimberly kirk kofi kristen kristin kristina kristy krystal kumar kwame kyle lakisha lamar
    lana lance lara larry latasha latisha latoya laura lauren laurie lawrence leah lee leila
    lena leo leon leonard leonardo leroy leslie lester leticia lewis lila lillian lily linda
    lindsay lindsey lionel lisa liz lloyd logan lois lola lonnie lora loretta lori lorraine
    louis louise lucas lucia lucille lucy luis luisa luke luz lydia lynda lynn mabel mackenzie
    madeline madison mae magdalena maggie mahmoud malcolm malik mamadou mandy manuel marc
    marcel marcia marco marcos marcus margaret margarita margie maria mariah marian mariana
    marie marilyn marina mario marion marisa marisol marjorie mark marlene marsha marshall
    martha martin marvin mary maryam mason mateo matthew maureen maurice max maxine maya megan
    mehmet mei melanie melinda melissa melvin mercedes meredith mia micah michael michele
    michelle miguel mike mildred miles milton mindy minh miriam misty mitchell mohamed
    mohammad mohammed molly mona monica monique morgan moses muhammad myra myron nadia nadine
    nancy naomi natalia natalie natasha nathan nathaniel neal neil nelson nicholas nichole
    nick nicole nikhil nina noah noel nora norma norman nuno obinna octavia olga olive oliver
    olivia omar opal oscar otis owen pablo paige pam pamela pat patrice patricia patrick patsy
    patty paul paula pauline pearl pedro peggy penny percy perry pete peter phil philip
    phillip phyllis pierre pooja preston priscilla priya rachel rafael rahul raj rajesh ralph
    ramon ramona randall randy raquel rashid raul ravi ray raymond rebecca regina reginald
    reid renee rhonda ricardo richard rick ricky rita rob robert roberta roberto robin rocio
    rodney rodrigo roger roland rolando ron ronald ronnie rosa rosalind rosalyn rose rosemary
    rosie ross roxanne roy ruben ruby rudy russell ruth ryan sabrina sadie sahil salma salvador
    sam samantha samir samuel sandeep sandra sandy sanjay sara sarah saul savannah scott sean
    sebastian selena serena sergio seth shane shanice shannon sharon shaun shawn sheila
    shelby shelly sheri sherri sheryl shirley sidney silvia simon simone sofia sonia sonya
    sophia sophie stacey stacy stan stanley stella stephanie stephen steve steven stuart sue
    sunil susan suzanne sylvia tabitha takeshi tamara tami tammy tania tanya tara tariq tasha
    taylor ted teresa terrance terrence terri terry thelma theodore theresa thomas tiffany tim
    timothy tina toby todd tom tomas tommy toni tony tracey traci tracy travis trevor tricia
    trisha troy tyler tyrone uchenna valentina valerie vanessa venkat vera verna veronica
    vicente vicki vickie victor victoria vijay vikram vince vincent viola violet virgil
    virginia vivian wade wallace walter wanda warren wayne wei wendell wendy wesley whitney
    wilbur wilfredo willa willard william willie wilma winston xavier yasmin yolanda yusuf
    yvette yvonne zachary zainab zoe
    """
FIRST_NAMES = frozenset(_FIRST_NAMES.split())

# Surnames that are also ordinary words, plus the most frequent US surnames; any other
# capitalised or unknown word after a first name is accepted as a surname anyway.
_SURNAMES = """
    adams allen alvarez anderson bailey baker banks barnes bell bennett black bloom brooks
    brown bush butler campbell carter castillo chavez clark cole coleman collins cook cooper
    cox cruz davis day diaz dunn edwards evans fisher flores ford foster fox frost garcia
    gomez gonzalez gordon graham gray green griffin hall harris hart hayes hill howard hughes
    hunter jackson james jenkins johnson jones kelly kim king lane lee lewis little long lopez
    marsh martin martinez mason miller mitchell moore moss morgan morris murphy myers
    nguyen nelson page park parker patel perez perry peterson phillips powell price ramirez
    reed reyes rice richardson rivera roberts robinson rodriguez rogers rose ross russell
    sanchez sanders scott shaw singh small smith snow stewart stone sullivan taylor thomas
    thompson torres turner walker wallace ward washington watson wells west white williams
    wilson wood woods wright young
    """
SURNAMES = frozenset(_SURNAMES.split())

# Tokens that are never part of a patient's name even though they are not common
# English words: clinical shorthand, titles and roles.
_NOT_NAMES = """
    hx dx rx tx sx fx bx px pt pts pt's patient patients w w/ w/o wo f/u fu hcp hcps np nps pa
    pas md mds do rn lpn ma cna pharmd dr drs doctor nurse ae aes se ses oop pbm moa pi
    mgmt mgr om appt appts approx re wk wks mo mos yr yrs yo y/o yof yom hr hrs min mins
    er ed icu ot pcp ent gi ob gyn prn bid tid qid qd qw q2w q4w mg mcg ml iv im sc subq
    sq po inj vs b/c bc thru tmrw tmr tues weds thurs fri mon sat sun asap fyi pls plz
    lol btw ok okay dob mrn id hub copay prior auth pharmacist manager office clinic
    practice hospital medical center ctr health family group mr mrs ms miss mister sr jr
    mom dad son daughter wife husband caregiver mother father brother sister also still
    pulm pulmonology cardio cardiology derm dermatology neuro neurology onc oncology rheum
    rheumatology ortho peds pediatrics endo uro urology gastro allergy internal med medicine
    associates assoc partners specialists specialty care wellness urgent memorial general
    university regional county community st saint valley lakeside riverside
    """
NOT_NAMES = frozenset(_NOT_NAMES.split())

# Words naming a prescriber or office role: a person right after or before one of these
# is a colleague of the HCP, not a patient.
_STAFF_TITLES = """
    dr dr. doctor doc np pa pa-c rn lpn ma cma cna nurse pharmacist pharmd rph manager mgr
    om receptionist scheduler coordinator director dir admin administrator tech technician
    fellow resident rep msl kam md do dds phd cnp aprn fnp crnp dnp biller supervisor
    asst assistant practitioner physician person pharm dm rm abm rbd colleague coworker
    """
STAFF_TITLES = frozenset(_STAFF_TITLES.split())

_BY_FREQUENCY = COMMON_WORDS_BY_FREQUENCY
COMMON_WORDS = frozenset(_BY_FREQUENCY)
# The most frequent words are never names, not even capitalised mid-sentence ("Started",
# "Hospital"); rarer common words may be ("Grace", "Hope" are in FIRST_NAMES anyway).
TOP_WORDS = frozenset(_BY_FREQUENCY[:4000])

# Molecule endings (-mab, -nib, ...): an unknown word of 7+ letters with one is a drug.
DRUG_SUFFIXES = (
    "mab",
    "nib",
    "cept",
    "glutide",
    "tide",
    "pril",
    "sartan",
    "olol",
    "statin",
    "gliflozin",
    "gliptin",
    "parin",
    "xaban",
    "cillin",
    "mycin",
    "floxacin",
    "lukast",
    "terol",
    "tropium",
    "imod",
    "triptan",
    "gepant",
)
