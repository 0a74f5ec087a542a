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
    michelle miguel mike mildred milton mindy minh miriam misty mitchell mohamed
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
# More given names, added after measuring coverage on the training notes.
_MORE_FIRST_NAMES = """ abdel abdiel abe abner ada adah adaline addison adela adelaide adeline adolfo adrianna agatha agustin
    ahmet aidan aileen aimee ainsley akash akira akua alaina alani alayna alba alden aldo aleksandr
    alessandra alessandro alexei alfreda alisa alistair aliyah allie allyson alondra alton alvaro amalia
    amado amari ambrose amelie americo amira amos anahi anastasia anders andra andrei angelo angelique
    anika anissa anjali ansel antonia anya apollo arabella aram archer arely arian arlo armand arnulfo
    arthur arvind asa ashton asia aspen atticus augustine augustus aurelio austen avi axel ayanna
    aylin azalea babak bailey barney bart baxter beau belen benedict benita bennett benny bernardo
    berta bethel betsy beulah bev bianka billie bjorn blaine blair bo bonita booker brady braden
    bradford brayden brenna brennan bret briar bridgette brianna britney brock brody bronwyn brooklyn
    bryson buck burton bushra caitlin callie calvin camden candice cara carina carissa
    carlo carlton carmela carmelo carmine carolina carson cary cassidy cassie catalina cathleen
    cayden cecil cecily celina chaim chanel channing charlene charmaine chaya chen
    cher cherie cheyenne chiamaka chinonso chiara christa christi christie christy chuy ciara
    cierra cindy clarissa claude claudette claudine clemente cleo cleveland clifton coleman collin
    colton concepcion connor consuelo cooper corinne cornell corrine cory cristian cristobal crosby
    cyrus daisha dakota dalton damaris damien dane danica daniella dante daria darian darin dario
    darla darnell darrin dashawn davida davis dawson deana deandre debora declan dee deena deja
    delaney della delmar delphine demarcus deon deshawn desiree devante devi devika dexter dhruv
    dianna dirk dixie dolly domingo dominga dominique donnell donte dorian doreen
    dorotha dorthy drake dulce duncan dusty dylan earnest easton eden edmund edwardo efua eileen
    elaina eldon eleanor eleanora eli eliana elin elisabeth eliseo elmira elodie eloy elton elvis
    elyse emanuel emerson emery emilia emiliano emilio emmett emmitt enid enoch enzo ephraim erich
    erika erma ernestine ernie errol erwin esme essie estela estrella etta eudora eula eunice evangeline
    everardo ezequiel fannie fausto federico fern fidel filomena finn fletcher flora florentino flossie
    forrest frederic freida frida fritz gabe gage garland garry gaston gemma genaro geneva genoveva
    gerard gerry gianna gideon gil gilberto gisela giuseppe gonzalo gracie graham greer griffin
    guadalupe gunnar gus gustav hadley hakeem hal halle hamza hannelore harlan harley harmony harriett
    harrison hattie hayden haydee hayley heath hedy helga henrietta herschel hershel hilary hillary
    hoang hollis horace hosea hubert humberto ignatius ike ilana ilse imogen india inga
    iona ira irving isadora isidra isla ismail israel itzel ivette ivory jacinda jacinto jackeline
    jacklyn jaclyn jaden jael jaiden jake jalen jamar jameson jamison janae janell janiya jaqueline
    jarrett jarvis jasper javon jaya jazmin jeanie jeannette jeannie jed jefferson jelena jemima
    jenifer jennie jensen jeramy jeri jermaine jessie jett jewel jimena joan joanie jocelyn jodie
    johnathan johnnie jolene jonah jonas jose joselyn josie jovan judah jude jules junior jun
    justine kai kaitlin kaleb kali kamala kameron kamila kara kareem karin karla kasey katelyn
    katharine kathrine katia katy kayden keanu keegan keenan kelsey kendrick kennedy kermit kerri
    keshawn kian kiara kiera kieran kimberley kip kira kirsten kobe kody kristi kristian
    kristine kurt kylie lacey lacy laila lakeisha lamont landon laquita larissa lashonda latanya
    latonya latrice laverne lavonne layla lazaro leanne leda lela leland lemuel lenora leona leonel
    leopold leslie letha levi lia liana libby lidia lilia liliana lillie lina lincoln linnea
    lisette liza lizbeth lonnie lorena lorenzo lorna lottie lou louisa lovell lowell luann luca
    lucian luciana lucinda lucius ludwig luella luna lupe lyle lyndon mac madelyn madge mae magda
    magnus makayla malachi malia malinda mallory marcella marcelo marci marcy margo margot mari
    maribel maricela marilou marisela marissa maritza marla marlon marquis marta marty maude mauricio
    maverick maxwell mayra mckenzie mel melba melody mercy merle merrill micaela michaela mickey
    milagros milan millie mina minerva mira mireya missy mitch moises mollie monserrat monte montgomery
    mose muriel murray mustafa myles nadine nakia nancy nanette naomi napoleon nash nasir natalya
    nathalie nayeli ned nehemiah nell nella nellie nestor nettie newton nia nico nicolas nicolette
    niko nikita nikki nils nina noe noelle nola nolan nona noreen norris nova octavio odessa odette
    ofelia ola olen olivier omari ophelia orion orlando orville osvaldo otto ozzie paloma pansy
    paris parker pasquale patience patti paulette pearlie penelope perla petra peyton philippe
    pia piper porter quentin quincy quinn rae raegan rafaela raina ramiro randal randolph
    rashad rashida raven rayna reba reed refugio reggie reina renata rene reuben rex reyna rhett
    rhiannon rico riley rina rita rivka roberta rocco rochelle rocky rod rogelio rohan roland
    rolf roman romeo ronan rory rosalee rosalia rosalie rosanna rosario roscoe rosetta rowan royce
    rubin rufus rupert rusty ryder sabina sade sage sally salome salvatore samara samira sammie
    sammy sandi santiago santos sarai sasha saundra sawyer scarlett selma seymour shana shanna
    shari sharlene shauna shawna shayla sheena shelia shelton sheree sherman sherry sheryl shiloh
    sienna sierra silas sinead skye sol solomon sondra sonja sonny spencer stacie stefan stefanie
    sterling stevie stewart suzette sybil sydney tabatha talia tamera tamika tammie tanisha tatiana
    tatum teddy terence terrell tess tessa thaddeus thea theo thor tiana tillie timmy tina tito
    tobias tomasz tonya tori tracie trent trey trina trinity tristan trudy tucker twila ty tyra ulysses
    valarie valencia vaughn velma vern vernon veronika vicky vida vilma viviana vlad
    vladimir wade waldo walker wallis ward weldon wendell wes weston wilber wilhelmina wiley
    wilhelm willis wilson winfred winifred winnie wyatt xiomara yadira yael yahir yara yasmine
    yesenia yusuf zach zack zane zara zelda zella zion zora zuri
    aarav aditi aditya akshay amrita ananya anupam bhavna chetan devendra dinesh gaurav geeta
    harish indira jaya kavita kiran krishna lakshmi manish meena mohan nandini neha nitin padma
    pradeep prakash pranav preeti rajiv rakesh ramesh ranjit rekha rohit sachin sameer sangeeta
    sanjeev santosh sarita savita seema shalini shanti shiva shreya sita sneha subhash sudha
    suresh swati tanvi uma usha varun vikas vinay vinod yash
    bao binh chau chi cuong dung duc hai hanh hieu hoa hong huong huy khanh lan lien linh
    mai nam ngoc nguyet phuong quang quoc tam thanh thao thi thu thuy tien trang trinh tuan
    tuyet viet vinh xuan
    chang chun fang feng gang hao hua hui jian jie jin jing jun kai lei li lin ling liu ming na
    ning ping qiang qing rong shan shu tao ting wen xia xin xiu yan yang ying yong yu yun zhen
    zhi hyun ji-woo jiwoo min-jun minjun seo-yeon seoyeon soo young-ho eun ha-eun hana jae jae-won
    sung yuki yoko yumi haruto hiro kaito kenta sakura satoshi shinji taro yuto akiko emi keiko
    kumiko mariko naoko sachiko tomoko
    abena adwoa akosua ama amaka chiamaka chidera chika chinwe emeka folake funmilayo ifeoma
    kehinde kemi kwabena kwaku kwesi ngozi nkechi nnamdi oluwaseun olumide oyinkansola segun
    tendai thabo tunde yaa yetunde zanele
    abdulrahman ahmad aliya amal amr basma bilal dalia fadi faisal fares fatimah ghada habib
    hadi haitham hala hamid hani haya hiba hoda hussain imran jamila jawad karim khadija khaled
    laila layla lina mahmoud majid malak mariam marwan mona mostafa mustafa nabil nadia nasser
    noor noura omar osama rami rana rania reem saeed salim sami sara sawsan shadi tarek walid
    yasmin yousef zaid zeinab
    agnieszka aleksandra andrzej bartosz dariusz ewa grzegorz jadwiga jakub jerzy katarzyna
    krystyna krzysztof magdalena malgorzata marek marta mateusz pawel piotr stanislaw tadeusz
    wojciech zbigniew zofia dmitry igor irina lyudmila natalya oksana olga sergei svetlana tatyana
    vadim viktor yelena yuri
    bettina ginny lorna marcy oren claude
"""
FIRST_NAMES = frozenset(_FIRST_NAMES.split()) | frozenset(_MORE_FIRST_NAMES.split())

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
    ng wu li xu lu hu ho lam tran pham vu vo ly le chen wang zhang liu yang huang zhao zhou
    lin tang cheng kaur singh shah khan ali kim cho choi jung kang lim yoon tanaka sato
    suzuki takahashi nakamura watanabe ito yamamoto kobayashi okafor okonkwo adeyemi mensah
    novak kowalski nowak schmidt schneider muller fischer weber meyer wagner becker hoffman
    cohen levy friedman katz shapiro goldberg rosen nguyen hernandez gutierrez ortiz morales
    ruiz jimenez mendoza vargas castro romero herrera medina aguilar delgado vega rios
    guerrero ramos soto contreras salazar silva estrada navarro molina acosta sandoval
    murray obrien o'brien kennedy sullivan mccarthy doyle walsh byrne ryan brennan
    patterson jordan hamilton graham wallace bryant alexander russell griffin hayes myers
    ford gibson ellis harrison marshall owens fleming bishop sharp strong small hardy
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
    rd ave blvd ln ct hwy pkwy apt ste
    hematology hem radiation surgical surgery orthopedic orthopedics pediatric cardiac vascular
    spine sleep pain imaging radiology pathology nephrology endocrine diabetes cancer heart lung
    kidney eye vision dental behavioral mental physicians physician specialists infusion
    pharmacy pharmaceuticals pharma biologics oncologists neurologists cardiologists
    medicaid medicare aetna cigna humana anthem bcbs uhc optum caremark tricare kaiser
    wellcare centene ambetter highmark carefirst premera regence
    """
NOT_NAMES = frozenset(_NOT_NAMES.split())

# Words naming a prescriber or office role: a person right after or before one of these
# is a colleague of the HCP, not a patient.
_STAFF_TITLES = """
    dr dr. doctor doc np pa pa-c rn lpn ma cma cna nurse pharmacist pharmd rph manager mgr
    om receptionist scheduler coordinator director dir admin administrator tech technician
    fellow resident rep msl kam md do dds phd cnp aprn fnp crnp dnp biller supervisor
    asst assistant practitioner physician person pharm dm rm abm rbd colleague coworker
    navigator liaison educator counselor representative specialist social worker therapist
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

# Endings of clinical words (neutropenia, mucositis, neuropathy): never a surname.
CLINICAL_SUFFIXES = (
    "penia",
    "itis",
    "emia",
    "aemia",
    "osis",
    "pathy",
    "algia",
    "ectomy",
    "otomy",
    "uria",
    "scopy",
    "plegia",
    "trophy",
    "toxicity",
    "rrhea",
    "rrhoea",
    "cardia",
    "pnea",
    "phagia",
    "tension",
    "lysis",
    "plasia",
    "ness",
    "tion",
    "ment",
    "ous",
    "ive",
)

# Institutions named like people: "referred to Dana Farber" is not a patient.
INSTITUTIONS = frozenset(
    {
        "dana farber",
        "henry ford",
        "virginia mason",
        "sarah cannon",
        "fred hutch",
        "fred hutchinson",
        "chase brexton",
        "johns hopkins",
        "mary washington",
        "ann arbor",
        "kaiser permanente",
        "mary bird",
        "rush copley",
        "anne arundel",
        "john muir",
        "ralph lauren",
        "st jude",
        "san jose",
        "santa rosa",
        "santa clara",
        "santa barbara",
        "santa monica",
        "san antonio",
        "fort worth",
        "grace hospital",
    }
)

# Given names that are also places or words; after one of them an ordinary word ("Carolina
# Blue", "Virginia Beach", "Grace period") does not make a full name.
_PLACE_LIKE_FIRST_NAMES = """
    carolina virginia georgia jordan austin houston dallas chase grace hope faith joy
    florence paris victoria sydney madison charlotte savannah phoenix mercy trinity sierra
    india cleveland jackson lincoln washington camden denver orlando aurora brooklyn
    chelsea devon kent tyler troy york lourdes providence raleigh asia dakota montana
    christian august april june summer autumn winter
"""
PLACE_LIKE_FIRST_NAMES = frozenset(_PLACE_LIKE_FIRST_NAMES.split())

# Surnames that are also place words: after an unknown capitalised word they make a place
# ("Highland Park", "Cedar Hill"), not a person.
_PLACE_SURNAMES = """
    park hill hills wood woods ford green stone lake brook brooks field fields rivers springs
    heights grove ridge bridge west north south east bay beach glen dale vale port mills mill
    falls rock land bank banks church cross hall king lane marsh moss rose snow white black
    brown gray grey young long little wells bell fox mason marshall jordan washington lincoln
    jackson hamilton franklin madison monroe
"""
PLACE_SURNAMES = frozenset(_PLACE_SURNAMES.split())
